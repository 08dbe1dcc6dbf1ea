"""Moderation in Django admin: comments, the report queue, reports, suspensions, the moderation log, users.

Every change a moderator makes goes through a model verb (comment.hide, report.resolve,
Suspension.suspend...) that writes a ModerationAction row; nothing here saves a comment
directly, and nothing deletes one except a superuser, through comments.tree.
User text is only ever shown as plain strings or through format_html arguments, both escaped.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from comments.models import Comment, CommentRevision, ModerationAction, Report, ReportedComment, Suspension
from comments.tree import delete_comment_tree
from comments.validation import reject_control_characters

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Moderation and site administration"

PUBLIC_REASON_MAX_LENGTH = Comment._meta.get_field("public_reason").max_length
# Sorts a list in reading order: by tree, then position in it. lft never approaches 2**31.
THREAD_ORDER = F("tree_id") * 2**31 + F("lft")


def clean_text(value: str) -> str:
    value = value.strip()
    reject_control_characters(value)
    return value


class HideForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Recorded in the moderation log.",
    )
    public = forms.BooleanField(
        required=False,
        label="Show this reason to readers",
        help_text=(
            f"The placeholder then reads “removed by a moderator: <reason>”. "
            f"At most {PUBLIC_REASON_MAX_LENGTH} characters."
        ),
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"])

    def clean(self) -> dict:
        data = super().clean()
        reason = data.get("reason", "")
        if data.get("public") and len(reason) > PUBLIC_REASON_MAX_LENGTH:
            self.add_error(
                "reason",
                f"A reason shown to readers is at most {PUBLIC_REASON_MAX_LENGTH} characters "
                f"(this one has {len(reason)}); shorten it or keep it in the log only.",
            )
        return data


def hide_with_reason(modeladmin, request, queryset, *, action: str, title: str):
    """Two steps: a page asking for the reason, then the hide when that page is sent.

    Open reports on the comments are resolved with it: hiding is acting on them. Returns None
    once done (an admin action then goes back to the list), else the page to show.
    """
    form = HideForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        comments = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        hidden = comments.hide(by=request.user, **form.cleaned_data)
        message = f"Hid {len(hidden)} comment{'s' if len(hidden) != 1 else ''}."
        resolved = (
            Report.objects.filter(comment__in=comments)
            .open()
            .resolve(by=request.user, reason=form.cleaned_data["reason"])
        )
        if resolved:
            message += f" Resolved {resolved} report{'s' if resolved != 1 else ''}."
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "comments": queryset.select_related("author", "article"),
        "opts": modeladmin.model._meta,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/comments/hide_comments.html", context, status=400 if form.errors else 200)


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

    class Meta:
        model = Comment
        fields = ["body"]

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("A comment cannot be empty; hide it instead.")
        if len(body) > settings.COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                f"A comment is at most {settings.COMMENT_MAX_LENGTH} characters (this one has {len(body)})."
            )
        return body

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


class CommentColumns:
    """List columns shared by the comment list and the report queue."""

    @admin.display(description="comment", ordering="body")
    def excerpt_column(self, comment: Comment) -> str:
        return comment.excerpt

    @admin.display(description="author", ordering="author__username")
    def author_column(self, comment: Comment) -> str:
        return comment.display_name

    @admin.display(description="depth", ordering="level")
    def depth_column(self, comment: Comment) -> int:
        return comment.level

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, comment: Comment) -> int:
        return comment.open_report_count

    @admin.display(description="thread order", ordering=THREAD_ORDER)
    def thread_column(self, comment: Comment) -> str:
        return f"reply to {comment.parent_id}" if comment.parent_id else "top level"

    @admin.display(description="on site")
    def on_site(self, comment: Comment) -> str:
        # The comment's own page: get_absolute_url() would cost a query per row to find the article page.
        return format_html('<a href="{}">view</a>', comment.get_permalink())


@admin.register(Comment)
class CommentAdmin(CommentColumns, admin.ModelAdmin):
    list_display = [
        "excerpt_column",
        "author_column",
        "article",
        "depth_column",
        "thread_column",
        "created",
        "state",
        "open_reports",
        "on_site",
    ]
    list_filter = ["state", HasOpenReportsFilter, ("article", admin.RelatedOnlyFieldListFilter), "created"]
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
        return super().get_queryset(request).with_open_report_count()

    def has_add_permission(self, request) -> bool:
        return False  # comments are written only through comments.tree, by their authors

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
            comment.edit_as_moderator(by=request.user, body=obj.body, reason=form.cleaned_data["edit_reason"])

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
            delete_comment_tree(comment)


@admin.register(ReportedComment)
class ReportQueueAdmin(CommentColumns, admin.ModelAdmin):
    """Comments with open reports, most-reported first. The reporters are not named here."""

    list_display = [
        "excerpt_column",
        "author_column",
        "article",
        "state",
        "open_reports",
        "reasons",
        "created",
        "admin_page",
        "on_site",
    ]
    list_display_links = None
    list_filter = ["state", ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["body", "author__username", "author_name"]
    list_select_related = ["author", "article"]
    actions = ["hide_and_resolve", "dismiss_reports"]

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before the count it sorts on is annotated.
        queryset = (
            self.model._default_manager.with_open_report_count()
            .filter(open_report_count__gt=0)
            .prefetch_related(Prefetch("reports", queryset=Report.objects.open(), to_attr="open_report_list"))
        )
        if not request.user.is_superuser:
            # Reports on a moderator's own comments are for someone else to judge.
            queryset = queryset.exclude(author=request.user)
        return queryset

    def get_ordering(self, request):
        return ["-open_report_count", "-created"]

    @admin.display(description="reasons")
    def reasons(self, comment: Comment) -> str:
        parts = []
        for report in comment.open_report_list:
            part = report.get_reason_display()
            if report.details:
                part += f" (“{report.details}”)"
            parts.append(part)
        return "; ".join(parts)

    @admin.display(description="moderate")
    def admin_page(self, comment: Comment) -> str:
        return format_html('<a href="{}">edit or read</a>', reverse("admin:comments_comment_change", args=[comment.pk]))

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
class ReportAdmin(admin.ModelAdmin):
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


class SuspensionForm(forms.ModelForm):
    class Meta:
        model = Suspension
        fields = ["user", "until", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        help_texts = {"reason": "Shown to the user when they try to post, edit or report, and kept in the log."}

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return until

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Give a reason: the user is told it.")
        return reason


class SuspensionStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "active"), ("over", "lifted or ended")]

    def queryset(self, request, queryset):
        active = Q(lifted_at__isnull=True, until__gt=timezone.now())
        if self.value() == "active":
            return queryset.filter(active)
        if self.value() == "over":
            return queryset.exclude(active)
        return queryset


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    form = SuspensionForm
    list_display = ["user", "until", "reason", "created_by", "created", "status"]
    list_filter = [SuspensionStatusFilter, "until"]
    search_fields = ["user__username", "reason"]
    list_select_related = ["user", "created_by"]
    autocomplete_fields = ["user"]
    actions = ["lift_suspensions"]

    @admin.display(description="status")
    def status(self, suspension: Suspension) -> str:
        if suspension.lifted_at:
            return f"lifted {suspension.lifted_at:%Y-%m-%d %H:%M}"
        return "active" if suspension.is_active else "ended"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "until", "reason"]
        return ["user", "until", "reason", "created_by", "created", "lifted_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)  # a suspension is lifted, never rewritten

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept after it ends: the history of a user's standing

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        created = Suspension.suspend(obj.user, until=obj.until, reason=obj.reason, by=request.user)
        obj.pk, obj.created_by, obj.created = created.pk, created.created_by, created.created

    @admin.action(description="Lift the selected suspensions now", permissions=["change"])
    def lift_suspensions(self, request, queryset) -> None:
        lifted = sum(suspension.lift(by=request.user) for suspension in queryset)
        self.message_user(request, f"Lifted {lifted} suspension{'s' if lifted != 1 else ''}.", messages.SUCCESS)


@admin.register(ModerationAction)
class ModerationLogAdmin(admin.ModelAdmin):
    """Append-only: nobody, superusers included, adds, changes or deletes an entry here."""

    list_display = ["created", "moderator", "action", "target", "reason", "object_link"]
    list_filter = [("moderator", admin.RelatedOnlyFieldListFilter), "action", "created"]
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


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ForumUserAdmin(UserAdmin):
    """Superusers manage accounts as usual; moderators only look users up and suspend them.

    A moderator never sees groups, permissions, staff or superuser flags, or the password hash,
    and cannot change any account: there is nothing here to grant themselves more with.
    """

    moderator_fieldsets = [
        (None, {"fields": ["username"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Standing", {"fields": ["is_active", "date_joined", "last_login", "suspended_until", "suspend_link"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_suspension_until=Max(
                    "suspensions__until",
                    filter=Q(suspensions__lifted_at__isnull=True, suspensions__until__gt=timezone.now()),
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.moderator_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["suspended_until", "suspend_link"]
        return [field for _, options in self.moderator_fieldsets for field in options["fields"]]

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*super().get_list_display(request), "suspended_until"]
        return ["username", "email", "date_joined", "last_login", "is_active", "suspended_until", "suspend_link"]

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return ["is_active"]

    @admin.display(description="suspended until")
    def suspended_until(self, user) -> str:
        until = getattr(user, "active_suspension_until", None)
        return f"{until:%Y-%m-%d %H:%M} UTC" if until else "—"

    @admin.display(description="suspend")
    def suspend_link(self, user) -> str:
        if user.pk is None:
            return ""
        return format_html('<a href="{}?user={}">suspend…</a>', reverse("admin:comments_suspension_add"), user.pk)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
