"""Articles as moderators see them: edited, with their discussions' counts, comments closed or reopened (logged)."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils.html import format_html

from comments.admin.base import ModerationAdmin
from comments.counts import with_comment_count
from forum.articles.models import Article


@admin.register(Article)
class ArticleAdmin(ModerationAdmin):
    list_display = ["title", "published", "comments_open", "visible_comments", "all_comments", "on_site"]
    list_filter = ["comments_open", "published"]
    search_fields = ["title", "deck", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published"
    actions = ["close_comments", "reopen_comments"]
    fields = ["title", "slug", "deck", "body", "source_url", "published", "comments_open"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return with_comment_count(super().get_queryset(request)).annotate(total_comment_count=Count("comments"))

    @admin.display(description="visible comments", ordering="comment_count")
    def visible_comments(self, article: Article) -> int:
        return article.comment_count

    @admin.display(description="all comments", ordering="total_comment_count")
    def all_comments(self, article: Article) -> int:
        return article.total_comment_count

    @admin.display(description="on site")
    def on_site(self, article: Article) -> str:
        return format_html('<a href="{}">view</a>', article.get_absolute_url())

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Only the fields this form changed are written, so a stale form cannot undo another
        # moderator's edit; opening or closing comments goes through the logged verbs.
        changed = [name for name in form.changed_data if name != "comments_open"]
        if changed:
            obj.save(update_fields=changed)
        if "comments_open" in form.changed_data:
            if obj.comments_open:
                obj.reopen_comments(by=request.user)
            else:
                obj.close_comments(by=request.user)

    @admin.action(description="Close comments on the selected articles", permissions=["change"])
    def close_comments(self, request, queryset) -> None:
        closed = sum(article.close_comments(by=request.user) for article in queryset)
        self.message_user(
            request, f"Closed comments on {closed} article{'s' if closed != 1 else ''}.", messages.SUCCESS
        )

    @admin.action(description="Reopen comments on the selected articles", permissions=["change"])
    def reopen_comments(self, request, queryset) -> None:
        reopened = sum(article.reopen_comments(by=request.user) for article in queryset)
        self.message_user(
            request, f"Reopened comments on {reopened} article{'s' if reopened != 1 else ''}.", messages.SUCCESS
        )
