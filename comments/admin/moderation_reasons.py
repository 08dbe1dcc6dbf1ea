"""The preset reasons moderators pick from in a thread: reworded, reordered or retired here."""

from django.contrib import admin

from comments.admin.base import ModerationAdmin
from comments.models import ModerationReason


@admin.register(ModerationReason)
class ModerationReasonAdmin(ModerationAdmin):
    list_display = ["text", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
    search_fields = ["text"]
    ordering = ["position", "text"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # The log keeps the words a reason had; retiring one (active off) keeps the list honest.
        return request.user.is_superuser
