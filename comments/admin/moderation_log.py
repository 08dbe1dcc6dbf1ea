"""The moderation log, read-only for everyone."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from comments.admin.base import ModerationAdmin
from comments.admin.user_filters import AboutUserFilter
from comments.models import ModerationAction


@admin.register(ModerationAction)
class ModerationLogAdmin(ModerationAdmin):
    """Append-only: nobody, superusers included, adds, changes or deletes an entry here."""

    list_display = ["created", "moderator", "action", "target", "reason", "object_link"]
    list_filter = [("moderator", admin.RelatedOnlyFieldListFilter), "action", "created", AboutUserFilter]
    search_fields = ["target_repr", "reason", "moderator__username"]
    list_select_related = ["moderator"]
    fields = ["created", "moderator", "action", "target_repr", "reason", "comment", "article", "target_user"]
    readonly_fields = fields

    @admin.display(description="what", ordering="target_repr")
    def target(self, entry: ModerationAction) -> str:
        return entry.target_repr

    @admin.display(description="link")
    def object_link(self, entry: ModerationAction) -> str:
        if entry.comment_id:
            return format_html(
                '<a href="{}">comment</a>', reverse("admin:comments_comment_change", args=[entry.comment_id])
            )
        if entry.article_id:
            return format_html(
                '<a href="{}">article</a>', reverse("admin:forum_article_change", args=[entry.article_id])
            )
        if entry.target_user_id:
            return format_html('<a href="{}">user</a>', reverse("admin:auth_user_change", args=[entry.target_user_id]))
        return ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
