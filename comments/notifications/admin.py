"""The email outbox, read-only: what was sent, what waits for a retry, what a stopped worker left "sending"."""

from django.contrib import admin

from comments.notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
    list_filter = ["state"]
    search_fields = ["key", "recipient__username"]
    exclude = ["notifications"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
