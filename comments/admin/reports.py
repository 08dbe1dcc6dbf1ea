"""The report queue (comments with open reports) and the reports themselves."""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.admin.base import ModerationAdmin
from comments.admin.comments import CommentColumns
from comments.admin.hiding import hide_with_reason
from comments.models import Comment, Report, ReportedComment, with_open_report_count


@admin.register(ReportedComment)
class ReportQueueAdmin(CommentColumns, ModerationAdmin):
    """Comments with open reports, most-reported first. The reporters are not named here."""

    list_display = [
        "excerpt_column",
        "author_column",
        "article_column",
        "state",
        "open_reports",
        "reasons",
        "created_column",
        "links",
    ]
    list_display_links = None
    list_filter = ["state", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["body", "author__username", "author_name"]
    list_select_related = ["author", "article"]
    actions = ["hide_and_resolve", "dismiss_reports"]

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the count it sorts on is annotated.
        queryset = (
            with_open_report_count(self.model._default_manager.all())
            .filter(open_report_count__gt=0)
            .prefetch_related(Prefetch("reports", queryset=Report.objects.open(), to_attr="open_report_list"))
        )
        if not request.user.is_superuser:
            # Reports on a moderator's own comments are for someone else to judge.
            queryset = queryset.exclude(author=request.user)
        return queryset

    def get_ordering(self, request):
        # Comments the forum held for review after reports wait for a decision: they come first.
        return ["-held_for_review", "-open_report_count", "-created"]

    def changelist_view(self, request, extra_context=None):
        # A plain title and count: not "Select reported comment to change", not "2 report queue".
        extra_context = {
            "title": "Report queue",
            "subtitle": None,
            "module_name": "reported comments",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="reasons")
    def reasons(self, comment: Comment) -> str:
        parts = []
        for report in comment.open_report_list:
            part = report.get_reason_display()
            if report.details:  # in full on the report's own page
                part += f" (“{Truncator(report.details).chars(60)}”)"
            parts.append(part)
        return "; ".join(parts)

    @admin.display(description="open")
    def links(self, comment: Comment) -> str:
        # One narrow column: the comment's admin page (to read, edit or hide it) and its page on the site.
        return format_html(
            '<a href="{}">admin</a> <a href="{}">site</a>',
            reverse("admin:comments_comment_change", args=[comment.pk]),
            comment.get_permalink(),
        )

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("comments.view_report")

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("comments.change_report")

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("comments.change_report") and request.user.has_perm("comments.hide_comment")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A queued comment is read and edited on its own admin page.
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[object_id]))

    @admin.action(
        description="Hide the selected comments and resolve their reports (asks for a reason)", permissions=["hide"]
    )
    def hide_and_resolve(self, request, queryset):
        return hide_with_reason(self, request, queryset, action="hide_and_resolve", title="Hide and resolve")

    @admin.action(description="Dismiss the reports on the selected comments", permissions=["change"])
    def dismiss_reports(self, request, queryset) -> None:
        dismissed = Report.objects.filter(comment__in=queryset.values("pk")).open().dismiss(by=request.user)
        self.message_user(request, f"Dismissed {dismissed} report{'s' if dismissed != 1 else ''}.", messages.SUCCESS)


@admin.register(Report)
class ReportAdmin(ModerationAdmin):
    list_display = [
        "created",
        "comment_excerpt",
        "comment_author",
        "reason",
        "details",
        "reporter",
        "status",
        "handled_by",
    ]
    list_filter = ["status", "reason", "created"]
    search_fields = ["details", "comment__body", "reporter__username"]
    list_select_related = ["comment__author", "reporter", "handled_by"]
    fields = ["comment", "reason", "details", "reporter", "created", "status", "handled_by", "handled_at"]
    readonly_fields = fields
    actions = ["dismiss_reports"]

    @admin.display(description="comment")
    def comment_excerpt(self, report: Report) -> str:
        return report.comment.excerpt

    @admin.display(description="comment by")
    def comment_author(self, report: Report) -> str:
        return report.comment.display_name

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.exclude(comment__author=request.user)  # who reported them stays unknown to them
        return queryset

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Dismiss the selected reports", permissions=["change"])
    def dismiss_reports(self, request, queryset) -> None:
        dismissed = Report.objects.filter(pk__in=queryset.values("pk")).dismiss(by=request.user)
        self.message_user(request, f"Dismissed {dismissed} report{'s' if dismissed != 1 else ''}.", messages.SUCCESS)
