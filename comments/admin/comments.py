"""The comment list and each comment's page: read, edit with a reason, hide and unhide; superusers delete trees."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from comments.admin.base import ModerationAdmin
from comments.admin.hiding import clean_text, hide_with_reason
from comments.admin.user_filters import AuthorFilter
from comments.forms import CommentBodyField
from comments.models import Comment, CommentRevision, ModerationAction, with_open_report_count

# Sorts a list in reading order: by tree, then position in it. lft never approaches 2**31.
THREAD_ORDER = F("tree_id") * 2**31 + F("lft")


class HasOpenReportsFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", "with open reports"), ("no", "without open reports")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_report_count=0)
        return queryset


class CommentEditForm(forms.ModelForm):
    edit_reason = forms.CharField(
        max_length=500,
        required=False,
        label="Reason for the edit",
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Needed when you change the text; recorded in the moderation log. The earlier text is kept.",
    )

    body = CommentBodyField(label="Body", error_messages={"required": "A comment cannot be empty; hide it instead."})

    class Meta:
        model = Comment
        fields = ["body"]

    def clean_edit_reason(self) -> str:
        return clean_text(self.cleaned_data["edit_reason"])

    def clean(self) -> dict:
        data = super().clean()
        if "body" in self.changed_data and not data.get("edit_reason"):
            self.add_error("edit_reason", "Say why you changed the text: it goes in the moderation log.")
        return data


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    fields = ["replaced_at", "edited_by", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "earlier versions (newest first)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


TREE_INDENT_LEVELS = 12  # deeper replies indent no further: the column stays readable at 1,280 px


class CommentColumns:
    """List columns shared by the comment list and the report queue, short enough to fit 1,280 px.

    Long texts are cut here; the comment's own page has them in full.
    """

    @admin.display(description="comment", ordering="body")
    def excerpt_column(self, comment: Comment) -> str:
        return comment.excerpt

    @admin.display(description="comment (thread order)", ordering="body")
    def tree_excerpt_column(self, comment: Comment) -> str:
        # The thread drawn as a tree: each reply indented under its parent.
        depth = min(comment.level, TREE_INDENT_LEVELS)
        marker = "↳ " if comment.level else ""
        return format_html('<span class="thread-depth-{}">{}{}</span>', depth, marker, comment.excerpt)

    @admin.display(description="author", ordering="author__username")
    def author_column(self, comment: Comment) -> str:
        return Truncator(comment.display_name).chars(24)

    @admin.display(description="article", ordering="article__title")
    def article_column(self, comment: Comment) -> str:
        return Truncator(comment.article.title).chars(32)

    @admin.display(description="posted", ordering="created")
    def created_column(self, comment: Comment) -> str:
        return f"{timezone.localtime(comment.created):%Y-%m-%d %H:%M}"

    @admin.display(description="reports", ordering="open_report_count")
    def open_reports(self, comment: Comment) -> int:
        return comment.open_report_count

    @admin.display(description="thread order", ordering=THREAD_ORDER)
    def thread_column(self, comment: Comment) -> str:
        return f"depth {comment.level}" if comment.parent_id else "top"

    @admin.display(description="site")
    def on_site(self, comment: Comment) -> str:
        # The comment's own page: get_absolute_url() would cost a query per row to find the article page.
        return format_html('<a href="{}">view</a>', comment.get_permalink())


def in_thread_order(request, list_display: list[str]) -> bool:
    """True when the list is sorted by its thread-order column first (?o= counts the checkbox column)."""
    first = request.GET.get("o", "").split(".")[0].lstrip("-")
    columns = ["action_checkbox", *list_display]
    return first.isdecimal() and len(first) < 4 and int(first) < len(columns) and columns[int(first)] == "thread_column"


@admin.register(Comment)
class CommentAdmin(CommentColumns, ModerationAdmin):
    list_display = [
        "excerpt_column",
        "author_column",
        "article_column",
        "thread_column",
        "created_column",
        "state",
        "open_reports",
        "on_site",
    ]
    list_filter = [
        "state",
        HasOpenReportsFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        "created",
        AuthorFilter,  # a user's admin page links here: their comments
    ]
    search_fields = ["body", "author__username", "author_name"]
    search_help_text = "Search the text and the author's name. Sort by “thread order” to read an article's tree."
    list_select_related = ["author", "article"]
    ordering = ["-created"]
    list_per_page = 50
    actions = ["hide_comments", "unhide_comments"]
    form = CommentEditForm
    inlines = [RevisionInline]
    fieldsets = [
        (
            None,
            {"fields": ["article", "parent", "author", "author_name", "created", "edited", "state", "public_reason"]},
        ),
        ("Text", {"fields": ["body", "edit_reason"]}),
        ("Place in the tree", {"classes": ["collapse"], "fields": ["tree_id", "level", "lft", "rght"]}),
    ]
    readonly_fields = [
        "article",
        "parent",
        "author",
        "author_name",
        "created",
        "edited",
        "state",
        "public_reason",
        "tree_id",
        "level",
        "lft",
        "rght",
    ]

    def get_queryset(self, request):
        return with_open_report_count(super().get_queryset(request))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if in_thread_order(request, columns):
            columns[columns.index("excerpt_column")] = "tree_excerpt_column"
        return columns

    def has_add_permission(self, request) -> bool:
        return False  # comments are written only through the posting verbs, by their authors

    def has_change_permission(self, request, obj=None) -> bool:
        # An author's deletion is theirs: moderators may look, not edit.
        return super().has_change_permission(request, obj) and (obj is None or obj.state != Comment.State.DELETED)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser  # moderation never deletes rows

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("comments.hide_comment")

    def save_model(self, request, obj, form, change) -> None:
        if change and "body" in form.changed_data:
            comment = Comment.objects.get(pk=obj.pk)
            comment.edit(by=request.user, body=obj.body, moderator=True, reason=form.cleaned_data["edit_reason"])

    def delete_model(self, request, obj) -> None:
        delete_trees(request.user, [obj])

    def get_urls(self):
        # Hide and unhide from a comment's own page, which the site's "moderate" link opens.
        return [
            path("<path:object_id>/hide/", self.admin_site.admin_view(self.hide_view), name="comments_comment_hide"),
            path(
                "<path:object_id>/unhide/", self.admin_site.admin_view(self.unhide_view), name="comments_comment_unhide"
            ),
            *super().get_urls(),
        ]

    def _comment_for_state_change(self, request, object_id: str) -> Comment:
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404("No such comment.")
        if not self.has_hide_permission(request):
            raise PermissionDenied
        return comment

    def hide_view(self, request, object_id: str):
        """GET: the reason form for one comment; POST: hide it and go back to its page."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        comment = self._comment_for_state_change(request, object_id)
        response = hide_with_reason(
            self, request, Comment.objects.filter(pk=comment.pk), action="", title="Hide comment"
        )
        return response or HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def unhide_view(self, request, object_id: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = self._comment_for_state_change(request, object_id)
        if comment.unhide(by=request.user):
            self.message_user(request, "Unhid the comment: readers see it again.", messages.SUCCESS)
        else:
            self.message_user(request, "The comment was not hidden; nothing changed.", messages.WARNING)
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_hide": self.has_hide_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset) -> None:
        delete_trees(request.user, queryset.order_by("tree_id", "lft"))

    @admin.action(
        description="Hide the selected comments (asks for a reason; resolves their reports)", permissions=["hide"]
    )
    def hide_comments(self, request, queryset):
        return hide_with_reason(self, request, queryset, action="hide_comments", title="Hide comments")

    @admin.action(description="Unhide the selected comments", permissions=["hide"])
    def unhide_comments(self, request, queryset) -> None:
        shown = Comment.objects.filter(pk__in=queryset.values("pk")).unhide(by=request.user)
        self.message_user(request, f"Unhid {len(shown)} comment{'s' if len(shown) != 1 else ''}.", messages.SUCCESS)


def delete_trees(user, comments) -> None:
    """A superuser's deletion: each comment with all its replies, through the locked tree path, logged."""
    for comment in comments:
        with transaction.atomic():
            if not Comment.objects.filter(pk=comment.pk).exists():
                continue  # went with an ancestor deleted just before
            ModerationAction.about_comment(
                comment, by=user, action=ModerationAction.Kind.DELETE, reason="deleted by a superuser"
            ).save()
            comment.delete_tree()
