from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from comments.cache import discussion_changed
from comments.rendering import Markup, render_body
from comments.validation import normalise_name, normalise_text

# A primary key no comment will ever have, reversed in place of the real one.
_PLACEHOLDER_PK = 9_007_199_254_740_993


@lru_cache(maxsize=64)
def _url_pattern(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf, kwargs={"pk": _PLACEHOLDER_PK})


def comment_url(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}), for the links a page prints for every one of its comments.

    reverse() walks the resolver on every call, a large share of a thousand-comment page; the
    pattern is reversed once per URLconf and script prefix, and the pk written into it.
    """
    pattern = _url_pattern(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return pattern.replace(str(_PLACEHOLDER_PK), str(pk))


def is_moderator(user) -> bool:
    """Staff who may change comments: they see hidden text and moderation links."""
    return user.is_authenticated and user.is_staff and user.has_perm("comments.change_comment")


# Account details a discussion page never shows about a comment's author.
THREAD_UNUSED_AUTHOR_FIELDS = ("password", "email", "first_name", "last_name", "last_login", "date_joined")


class CommentQuerySet(TreeQuerySet):
    def visible(self) -> "CommentQuerySet":
        return self.filter(state=Comment.State.VISIBLE)

    def roots(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)

    def for_thread(self) -> "CommentQuerySet":
        """Every comment of a discussion in reading order, in one query, authors joined.

        A page shows the stored body_html, never the raw body or its markup, and of the author only the name:
        the columns it never shows stay in the database, and the dates among them are not parsed.
        """
        return (
            self.select_related("author")
            .defer("body", "markup", *(f"author__{name}" for name in THREAD_UNUSED_AUTHOR_FIELDS))
            .order_by("tree_id", "lft")
        )

    def with_open_report_count(self) -> "CommentQuerySet":
        """Annotate `open_report_count` in the same query, so a list of comments needs no query per row."""
        return self.annotate(open_report_count=Count("reports", filter=Q(reports__status=Report.Status.OPEN)))

    def hide(self, *, by, reason: str, public: bool = False) -> list["Comment"]:
        """Hide the visible comments here from readers; their replies stay. Returns the comments hidden.

        A plain UPDATE of state: the tree is untouched. With `public`, readers see the reason
        in the placeholder ("removed by a moderator: <reason>").
        """
        return _switch_state(
            self,
            by=by,
            reason=reason,
            before=Comment.State.VISIBLE,
            after=Comment.State.HIDDEN,
            public_reason=reason if public else "",
            action=ModerationAction.Kind.HIDE,
        )

    def unhide(self, *, by, reason: str = "") -> list["Comment"]:
        """Show hidden comments to readers again. Returns the comments shown."""
        return _switch_state(
            self,
            by=by,
            reason=reason,
            before=Comment.State.HIDDEN,
            after=Comment.State.VISIBLE,
            public_reason="",
            action=ModerationAction.Kind.UNHIDE,
        )


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    pass


def lock_trees(tree_ids) -> None:
    """Lock the root rows of these trees, lowest tree id first: the one lock every tree write takes.

    Replies and deletions (comments/tree.py), repairs and state changes all take it, so a
    moderator's hide cannot interleave with a reply's check of its parent, and writers locking
    several trees take them in the same order, so they cannot deadlock. (A no-op on SQLite,
    whose IMMEDIATE transactions already serialise writers.)
    """
    roots = Comment.objects.select_for_update().filter(tree_id__in=set(tree_ids), parent__isnull=True)
    list(roots.order_by("tree_id").values_list("pk"))


def _switch_state(comments, *, by, reason, before, after, public_reason, action) -> list["Comment"]:
    with transaction.atomic():
        pks = set(comments.order_by().values_list("pk", flat=True))
        lock_trees(Comment.objects.filter(pk__in=pks).values_list("tree_id", flat=True))
        # Re-read under the lock: a comment another moderator changed meanwhile is skipped, not logged twice.
        changed = list(Comment.objects.filter(pk__in=pks, state=before).select_related("author").order_by("pk"))
        Comment.objects.filter(pk__in=[comment.pk for comment in changed]).update(
            state=after, public_reason=public_reason
        )
        ModerationAction.objects.bulk_create(
            ModerationAction.about_comment(comment, by=by, action=action, reason=reason) for comment in changed
        )
        for article_id in {comment.article_id for comment in changed}:
            discussion_changed(article_id)
    for comment in changed:
        comment.state, comment.public_reason = after, public_reason
    return changed


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
    # How the body is read: Markdown for comments written here, plain text for imported ones.
    markup = models.CharField(max_length=10, choices=Markup.choices, default=Markup.MARKDOWN)
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

    Markup = Markup

    class MPTTMeta:
        order_insertion_by: list[str] = []

    class Meta:
        verbose_name = "comment"
        verbose_name_plural = "comments"
        permissions = [("hide_comment", "Can hide and unhide comments")]
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
        self.body, self.author_name = normalise_text(self.body), normalise_name(self.author_name)
        self.body_html = render_body(self.body, self.markup)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The article page holding this comment, at its anchor (pages hold whole top-level threads,
        oldest first); a comment nested deeper than the article page shows is read on its own page."""
        from comments.thread import DISPLAY_DEPTH  # comments.thread imports this module

        if self.level > DISPLAY_DEPTH:
            return f"{self.get_permalink()}#c{self.pk}"
        earlier = Comment.objects.filter(article_id=self.article_id, parent__isnull=True, tree_id__lt=self.tree_id)
        page = earlier.count() // settings.THREAD_PAGE_SIZE + 1
        return f"{self.article.get_absolute_url()}{f'?page={page}' if page > 1 else ''}#c{self.pk}"

    def get_permalink(self) -> str:
        return comment_url("comments:comment_detail", self.pk)

    def get_reply_url(self) -> str:
        return comment_url("comments:reply", self.pk)

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
        # render_body(), which escapes the text or reads it as Markdown, then passes the result through nh3.
        return mark_safe(self.body_html)  # noqa: S308

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.VISIBLE

    def reply_refusal(self, article=None) -> str | None:
        """Why this comment cannot take a reply, or None if it can: the one statement of the rule.

        Pass the article when the caller has it, so a page of comments needs no query per comment.
        """
        article = article or self.article
        if not article.comments_open:
            return "Comments are closed on this article."
        if not self.is_visible:
            return "That comment was removed and cannot take replies."
        if self.level >= self.MAX_DEPTH - 1:
            return "This thread is as deep as it can go; reply further up instead."
        return None

    def accepts_replies(self, article=None) -> bool:
        return self.reply_refusal(article) is None

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

    def edit(self, *, by, body: str) -> bool:
        """The author's own edit, within the edit window: the earlier text is kept as a revision.

        Raises PermissionDenied if `by` may not edit it (any more); returns False if the text is
        unchanged. An UPDATE of the text fields only, so stale tree fields are never written back.
        """
        with transaction.atomic():
            current = self._lock_for_change()
            if not current.is_editable_by(by):
                raise PermissionDenied("Only its author can edit a comment, and only while the edit window is open.")
            body = normalise_text(body)
            if current.body == body:
                return False
            edited = timezone.now()
            CommentRevision.objects.create(comment=current, body=current.body, edited_by=by, replaced_at=edited)
            body_html = render_body(body, current.markup)
            Comment.objects.filter(pk=self.pk).update(body=body, body_html=body_html, edited=edited)
            discussion_changed(current.article_id)
        self.body, self.body_html, self.edited = body, body_html, edited
        return True

    def delete_by_author(self, *, by) -> None:
        """The author withdraws the comment: readers see "[deleted]"; the row, its text and its replies stay."""
        with transaction.atomic():
            current = self._lock_for_change()
            if not current.is_deletable_by(by):
                raise PermissionDenied("Only its author can delete a comment.")
            Comment.objects.filter(pk=self.pk).update(state=self.State.DELETED)
            discussion_changed(current.article_id)
        self.state = self.State.DELETED

    def _lock_for_change(self) -> "Comment":
        # The tree's root row first, as every tree write takes it (comments/tree.py): a reply
        # checking this comment's state then sees the change or finishes before it starts.
        lock_trees([self.tree_id])
        return Comment.objects.select_for_update().get(pk=self.pk)

    def is_reportable_by(self, user) -> bool:
        """Readers flag other people's visible comments; their own they can edit or delete."""
        return self.is_visible and user.is_authenticated and self.author_id != user.pk

    def report(self, *, by, reason: str, details: str = "") -> tuple["Report", bool]:
        """File `by`'s report on this comment, once: returns the report and whether it is new."""
        return Report.objects.get_or_create(comment=self, reporter=by, defaults={"reason": reason, "details": details})

    def hide(self, *, by, reason: str, public: bool = False) -> bool:
        """Hide this comment from readers, keeping its replies; False if it was not visible."""
        hidden = Comment.objects.filter(pk=self.pk).hide(by=by, reason=reason, public=public)
        if hidden:
            self.state, self.public_reason = hidden[0].state, hidden[0].public_reason
        return bool(hidden)

    def unhide(self, *, by, reason: str = "") -> bool:
        """Show this hidden comment again; False if it was not hidden."""
        shown = Comment.objects.filter(pk=self.pk).unhide(by=by, reason=reason)
        if shown:
            self.state, self.public_reason = shown[0].state, shown[0].public_reason
        return bool(shown)

    def edit_as_moderator(self, *, by, body: str, reason: str) -> bool:
        """Replace the body, keeping the earlier text as a revision; False if the text is unchanged.

        An UPDATE of the text fields only, so a stale copy of the tree fields is never written back.
        """
        with transaction.atomic():
            current = Comment.objects.select_for_update(of=("self",)).select_related("author").get(pk=self.pk)
            body = normalise_text(body)
            if current.body == body:
                return False
            edited = timezone.now()
            CommentRevision.objects.create(comment=current, body=current.body, edited_by=by, replaced_at=edited)
            body_html = render_body(body, current.markup)
            Comment.objects.filter(pk=self.pk).update(body=body, body_html=body_html, edited=edited)
            ModerationAction.about_comment(current, by=by, action=ModerationAction.Kind.EDIT, reason=reason).save()
            discussion_changed(current.article_id)
        self.body, self.body_html, self.edited = body, body_html, edited
        return True


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


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.OPEN)

    def resolve(self, *, by, reason: str = "") -> int:
        """Close the open reports here as acted on (the comment was hidden); returns how many."""
        return self._close(Report.Status.RESOLVED, ModerationAction.Kind.RESOLVE_REPORT, by=by, reason=reason)

    def dismiss(self, *, by, reason: str = "") -> int:
        """Close the open reports here as needing no action; returns how many."""
        return self._close(Report.Status.DISMISSED, ModerationAction.Kind.DISMISS_REPORT, by=by, reason=reason)

    def _close(self, status: str, action: str, *, by, reason: str) -> int:
        with transaction.atomic():
            pks = set(self.order_by().values_list("pk", flat=True))
            # Row locks: two moderators closing the same report log it once.
            reports = list(
                Report.objects.select_for_update()
                .filter(pk__in=pks, status=Report.Status.OPEN)
                .select_related("comment")
                .order_by("pk")
            )
            Report.objects.filter(pk__in=[report.pk for report in reports]).update(
                status=status, handled_by=by, handled_at=timezone.now()
            )
            ModerationAction.objects.bulk_create(
                ModerationAction(
                    moderator=by,
                    action=action,
                    comment_id=report.comment_id,
                    article_id=report.comment.article_id,
                    target_user_id=report.comment.author_id,
                    target_repr=f"{report} ({report.comment.excerpt})"[:200],
                    reason=reason,
                )
                for report in reports
            )
        return len(reports)


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

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}: {self.get_reason_display()}"

    def resolve(self, *, by, reason: str = "") -> bool:
        return bool(Report.objects.filter(pk=self.pk).resolve(by=by, reason=reason))

    def dismiss(self, *, by, reason: str = "") -> bool:
        return bool(Report.objects.filter(pk=self.pk).dismiss(by=by, reason=reason))


class ReportedComment(Comment):
    """The report queue in admin: comments with open reports, most-reported first."""

    class Meta:
        proxy = True
        verbose_name = "reported comment"
        verbose_name_plural = "report queue"


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

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None and self.until > timezone.now()

    @classmethod
    def suspend(cls, user, *, until, reason: str, by) -> "Suspension":
        """Stop `user` posting, editing and reporting until `until`; their comments stay."""
        with transaction.atomic():
            suspension = cls.objects.create(user=user, until=until, reason=reason, created_by=by)
            ModerationAction.objects.create(
                moderator=by,
                action=ModerationAction.Kind.SUSPEND,
                target_user=user,
                target_repr=f"{user.get_username()} until {until:%Y-%m-%d %H:%M} UTC"[:200],
                reason=reason,
            )
        return suspension

    def lift(self, *, by, reason: str = "") -> bool:
        """End the suspension now; False if it had already been lifted or had run out."""
        with transaction.atomic():
            lifted = Suspension.objects.filter(pk=self.pk, lifted_at__isnull=True, until__gt=timezone.now()).update(
                lifted_at=timezone.now()
            )
            if lifted:
                ModerationAction.objects.create(
                    moderator=by,
                    action=ModerationAction.Kind.UNSUSPEND,
                    target_user_id=self.user_id,
                    target_repr=str(self)[:200],
                    reason=reason,
                )
        if lifted:
            self.refresh_from_db(fields=["lifted_at"])
        return bool(lifted)


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

    @classmethod
    def about_comment(cls, comment: Comment, *, by, action: str, reason: str) -> "ModerationAction":
        """An unsaved entry about `comment`, naming it in words that outlive it."""
        return cls(
            moderator=by,
            action=action,
            comment_id=comment.pk,
            article_id=comment.article_id,
            target_user_id=comment.author_id,
            target_repr=f"comment {comment.pk} by {comment.display_name}: {comment.excerpt}"[:200],
            reason=reason,
        )
