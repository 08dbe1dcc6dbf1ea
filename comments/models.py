from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from comments.rendering import render_body


def is_moderator(user) -> bool:
    """Staff who may change comments: they see hidden text and moderation links."""
    return user.is_authenticated and user.is_staff and user.has_perm("comments.change_comment")


class CommentQuerySet(TreeQuerySet):
    def visible(self) -> "CommentQuerySet":
        return self.filter(state=Comment.State.VISIBLE)

    def roots(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)

    def for_thread(self) -> "CommentQuerySet":
        """Every comment of a discussion in reading order, in one query, authors joined."""
        return self.select_related("author").order_by("tree_id", "lft")


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    pass


class Comment(MPTTModel):
    """One post in an article's discussion; top-level comments each start their own mptt tree.

    Rows are never deleted by moderation or by their authors: `state` hides them from
    readers and the tree, with every reply, stays in place.
    """

    MAX_DEPTH = 30  # deeper chains are two people arguing; the page offers them their own thread

    class State(models.TextChoices):
        VISIBLE = "visible", "visible"
        HIDDEN = "hidden", "hidden by a moderator"
        DELETED = "deleted", "deleted by its author"

    article = models.ForeignKey("forum.Article", on_delete=models.CASCADE, related_name="comments")
    parent = TreeForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author_name = models.CharField(
        max_length=150, blank=True, help_text="Name shown for the author; imported commenters have no account."
    )
    body = models.TextField()
    body_html = models.TextField(editable=False, help_text="The body rendered once at save: escaped, links made.")
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)
    public_reason = models.CharField(
        max_length=200, blank=True, help_text="Shown to readers in the placeholder of a hidden comment."
    )
    # A random value a posting form carries, so that a resent form finds its comment instead of adding one.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentManager()

    class MPTTMeta:
        order_insertion_by: list[str] = []

    class Meta:
        verbose_name = "comment"
        verbose_name_plural = "comments"
        indexes = [
            models.Index(fields=["article", "tree_id", "lft"], name="comment_thread_order"),
            models.Index(fields=["author", "created"], name="comment_author_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(lft__gte=1) & Q(rght__gt=F("lft")), name="comment_tree_bounds"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=0) | Q(parent__isnull=False, level__gt=0),
                name="comment_root_level",
            ),
            models.UniqueConstraint(fields=["tree_id"], condition=Q(parent__isnull=True), name="comment_one_root"),
            # mptt shifts lft/rght in a single UPDATE, so uniqueness holds only at commit:
            # deferred constraints (PostgreSQL; SQLite skips them) reject a corrupt tree.
            models.UniqueConstraint(
                fields=["tree_id", "lft"], name="comment_unique_lft", deferrable=models.Deferrable.DEFERRED
            ),
            models.UniqueConstraint(
                fields=["tree_id", "rght"], name="comment_unique_rght", deferrable=models.Deferrable.DEFERRED
            ),
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="comment_unique_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.excerpt}"

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#c{self.pk}"

    def get_permalink(self) -> str:
        return reverse("comments:comment_detail", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        if self.author_name:
            return self.author_name
        if self.author_id:
            return self.author.get_username()
        return "anonymous"

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def safe_body_html(self) -> SafeString:
        # The one place stored HTML is trusted: body_html is produced only by
        # render_body(), which escapes the text and passes the result through nh3.
        return mark_safe(self.body_html)  # noqa: S308

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.VISIBLE

    @cached_property
    def depth(self) -> int:
        return self.level

    def accepts_replies(self) -> bool:
        return self.is_visible and self.level < self.MAX_DEPTH - 1 and self.article.comments_open

    def is_editable_by(self, user) -> bool:
        window = timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
        return (
            self.is_visible
            and user.is_authenticated
            and self.author_id == user.pk
            and timezone.now() - self.created < window
        )

    def is_deletable_by(self, user) -> bool:
        return self.state != self.State.DELETED and user.is_authenticated and self.author_id == user.pk


class CommentRevision(models.Model):
    """An earlier text of a comment, kept whenever its author or a moderator edits it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "-replaced_at"]
        verbose_name = "earlier version"
        verbose_name_plural = "earlier versions"

    def __str__(self) -> str:
        return f"Version of comment {self.comment_id} replaced {self.replaced_at:%Y-%m-%d %H:%M}"


class Report(models.Model):
    """A reader's flag on a comment; open until a moderator hides the comment or dismisses it."""

    class Reason(models.TextChoices):
        SPAM = "spam", "spam"
        ABUSE = "abuse", "abuse or harassment"
        OFF_TOPIC = "off-topic", "off-topic"
        OTHER = "other", "other"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        RESOLVED = "resolved", "resolved: comment hidden"
        DISMISSED = "dismissed", "dismissed"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}: {self.get_reason_display()}"


class Suspension(models.Model):
    """A moderator's ban on posting, editing and reporting until a date. Kept after it ends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "until"], name="suspension_user_until")]

    def __str__(self) -> str:
        return f"{self.user} suspended until {self.until:%Y-%m-%d %H:%M}"

    @classmethod
    def active_for(cls, user) -> "Suspension | None":
        if not user.is_authenticated:
            return None
        return (
            cls.objects.filter(user=user, until__gt=timezone.now(), lifted_at__isnull=True).order_by("-until").first()
        )


class ModerationActionQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs) -> list["ModerationAction"]:
        """Create log entries in bulk, and write them to the audit log too (no post_save fires here)."""
        from forum.audit import log_moderation_actions  # forum.audit imports this module

        created = super().bulk_create(objs, *args, **kwargs)
        log_moderation_actions(created)
        return created


class ModerationAction(models.Model):
    """An append-only record of one moderation action: who did what to which object, when and why."""

    class Kind(models.TextChoices):
        HIDE = "hide", "hid a comment"
        UNHIDE = "unhide", "unhid a comment"
        EDIT = "edit", "edited a comment"
        DELETE = "delete", "deleted a comment tree"
        RESOLVE_REPORT = "resolve", "resolved a report"
        DISMISS_REPORT = "dismiss", "dismissed a report"
        CLOSE_COMMENTS = "close", "closed comments"
        REOPEN_COMMENTS = "reopen", "reopened comments"
        SUSPEND = "suspend", "suspended a user"
        UNSUSPEND = "unsuspend", "lifted a suspension"

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    article = models.ForeignKey("forum.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the object was, kept as text so the record outlives the object.
    target_repr = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.moderator} {self.get_action_display()}: {self.target_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Moderation log entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Moderation log entries are append-only.")
