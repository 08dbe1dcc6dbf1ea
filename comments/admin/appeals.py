"""Appeals against removals, beside the report queue: a moderator restores the comment or upholds its removal."""

from django.contrib import admin, messages
from django.db.models import Case, When
from django.urls import reverse
from django.utils.html import format_html

from comments.admin.base import ModerationAdmin
from comments.models import Appeal


@admin.register(Appeal)
class AppealAdmin(ModerationAdmin):
    list_display = ["created", "comment_link", "text", "status", "decided_by"]
    list_filter = ["status", "created"]
    list_select_related = ["comment", "decided_by"]
    fields = ["comment", "author", "text", "created", "status", "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields
    actions = ["restore", "uphold"]

    @admin.display(description="comment")
    def comment_link(self, appeal: Appeal) -> str:
        url = reverse("admin:comments_comment_change", args=[appeal.comment_id])
        return format_html('<a href="{}">{}</a>', url, appeal.comment.excerpt)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.exclude(author=request.user)  # nobody judges their own appeal
        waiting_first = Case(When(status=Appeal.Status.OPEN, then=0), default=1)
        return queryset.order_by(waiting_first, "created")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("comments.hide_comment")

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("comments.hide_comment")

    @admin.action(description="Restore the selected comments (the authors are told)", permissions=["change"])
    def restore(self, request, queryset) -> None:
        restored = sum(appeal.restore(by=request.user) for appeal in queryset)
        self.message_user(request, f"Restored {restored} comment{'s' if restored != 1 else ''}.", messages.SUCCESS)

    @admin.action(description="Uphold the selected removals (the authors are told)", permissions=["change"])
    def uphold(self, request, queryset) -> None:
        upheld = sum(appeal.uphold(by=request.user) for appeal in queryset)
        self.message_user(request, f"Upheld {upheld} removal{'s' if upheld != 1 else ''}.", messages.SUCCESS)
