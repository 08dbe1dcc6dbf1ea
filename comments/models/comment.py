"""A comment, its earlier texts, and the rules on who may do what to it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from mptt.models import MPTTModel, TreeForeignKey

from comments import pieces
from comments.discussion_version import discussion_changed
from comments.models import reply_lock
from comments.models.comment_revision import CommentRevision
from comments.models.links import comment_url
from comments.models.moderation_log import ModerationAction
from comments.models.posting import CommentManager, lock_article
from comments.models.review_hold import hold_for_review_if_reported
from comments.models.suspension import account_refusal
from comments.models.thread_pages import Placement, page_address, place
from comments.rendering import Markup, render_body
from comments.signals import comment_edited, comment_state_changed
from comments.validation import normalise_name, normalise_text


class Comment(MPTTModel):
    """One post in an article's discussion; top-level comments each start their own mptt tree.

    Rows are never deleted by moderation or by their authors: `state` hides them from
    readers and the tree, with every reply, stays in place.
    """

    MAX_DEPTH = 30  # deeper chains are two people arguing; the page offers them their own thread
    DISPLAY_DEPTH = 8  # below this, a page links on to the comment's own page instead of nesting further

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
    # The comment's reader-independent HTML with slots for what varies (comments/pieces.py), and the
    # version of the template that made it: a piece of another version is re-rendered when read.
    piece_html = models.TextField(editable=False, blank=True, default="")
    piece_version = models.CharField(max_length=16, editable=False, blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)
    public_reason = models.CharField(
        max_length=200, blank=True, help_text="Shown to readers in the placeholder of a hidden comment."
    )
    # Hidden by the forum itself after reports from several established readers, until a moderator decides.
    held_for_review = models.BooleanField(default=False, editable=False)
    # Readers see "edited by a moderator" (with this note, if given) rather than a plain "edited".
    edited_by_moderator = models.BooleanField(default=False, editable=False)
    edit_note = models.CharField(max_length=200, blank=True, help_text="A moderator's edit, as readers are told of it.")
    # A moderator's lock on replies to this comment and to everything below it (comments/models/reply_lock.py).
    replies_locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    replies_locked_reason = models.CharField(max_length=reply_lock.REASON_MAX_LENGTH, blank=True, editable=False)
    replies_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # Up-votes and reports, counted here as they are written (comments/models/vote.py, report()): a page
    # orders a thousand comments best-first from its one query.
    vote_count = models.PositiveIntegerField(default=0, editable=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
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
            models.Index(
                fields=["tree_id", "rght", "lft"], condition=Q(replies_locked_at__isnull=False), name="comment_locks"
            ),
            # An article's pages are cut from its top-level rows and their sizes (level 0, which the check below
            # ties to having no parent: SQLite misjudges parent IS NULL), read from this index alone (level too,
            # though always 0 here: SQLite reads a partial index alone only if it holds every column the query
            # names, its condition's included); the search's author filter finds imported comments by their name.
            models.Index(
                fields=["article", "tree_id", "rght", "level"], name="comment_roots_by_tree", condition=Q(level=0)
            ),
            models.Index(fields=["author_name"], condition=Q(author__isnull=True), name="comment_imported_author"),
            # An article's comment count (comments.counts), read from this index alone rather than from the
            # rows: a thousand comments' rows are megabytes, which evicted the rest of a page's reads from
            # SQLite's page cache on every request.
            models.Index(fields=["article", "state"], name="comment_article_state"),
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
        # After the save: a new comment's piece holds its primary key (its id and links).
        piece = pieces.piece_fields(self)
        Comment.objects.filter(pk=self.pk).update(**piece)
        self.piece_html, self.piece_version = piece["piece_html"], piece["piece_version"]

    def get_absolute_url(self, sort: str = "old") -> str:
        """Where this comment is read under `sort` ("old", the default, "new" or "best"): the article page
        holding its thread, at its anchor, if that page shows it; else its own page (a comment deeper
        than the article page shows, or past the cut of a thread larger than a page's budget)."""
        # A list of comments from many articles (search results) places them all at once: place_all().
        placement = getattr(self, "placement", None) if sort == "old" else None
        placement = placement or self.placement_under(sort)
        if placement.shown:
            return page_address(self.article, placement.page, sort, self.pk)
        return f"{self.get_permalink()}{'?sort=' + sort if sort != 'old' else ''}#c{self.pk}"

    def placement_under(self, sort: str = "old") -> Placement:
        """The article page holding this comment's thread under `sort`, and whether it shows the comment."""
        return place(Comment.objects.filter(article_id=self.article_id), self, sort)

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
    def author_url(self) -> str | None:
        """The author's page, or None: imported commenters have no account, a removed comment names nobody,
        and a closed account has no page."""
        if not self.author_id or not self.is_visible or not self.author.is_active:
            return None
        try:
            return reverse("people:profile", kwargs={"username": self.author.get_username()})
        except NoReverseMatch:  # a name no address can hold (a "/" given in admin): no page to link
            return None

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
    def placeholder(self) -> str:
        """What readers see in place of a removed comment: the one wording, for pages, feeds and the API;
        "" for a visible comment."""
        if self.is_visible:
            return ""
        if self.state == self.State.DELETED:
            return "[deleted]"
        if self.held_for_review:
            return "[hidden pending review]"
        return f"[removed by a moderator: {self.public_reason}]" if self.public_reason else "[removed by a moderator]"

    @property
    def is_visible(self) -> bool:
        return self.state == _VISIBLE  # (a page asks it of each comment a few times: see _VISIBLE)

    def reply_refusal(self, article=None) -> str | None:
        """Why this comment cannot take a reply, or None if it can: the one statement of the rule.

        Pass the article when the caller has it, so a page of comments needs no query per comment (a
        page's rows carry their sub-thread's lock too; a model instance asks it in one query).
        """
        article = article or self.article
        if refusal := article.comment_refusal():
            return refusal
        if not self.is_visible:
            return "That comment was removed and cannot take replies."
        if (lock := reply_lock.lock_above(self)) is not None:
            return reply_lock.refusal(lock)
        if self.level >= self.MAX_DEPTH - 1:
            return "This thread is as deep as it can go; reply further up instead."
        return None

    def accepts_replies(self, article=None) -> bool:
        return self.reply_refusal(article) is None

    def edit_refusal(self, user, article=None) -> str | None:
        """Why `user` may not edit this comment as its author, or None if they may."""
        return self._author_edit_refusal(user, article) or account_refusal(user)

    def is_editable_by(self, user, article=None) -> bool:
        """For a page's links: the rule without the account's suspension (the edit page says that)."""
        return self._author_edit_refusal(user, article) is None

    def _author_edit_refusal(self, user, article=None) -> str | None:
        if not user.is_authenticated or self.author_id != user.pk:
            return "You can only edit your own comments."
        if refusal := self._withdrawn_refusal("edited"):
            return refusal
        if refusal := (article or self.article).comment_refusal():
            return f"{refusal} Comments cannot be edited there any more."
        window = timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
        if timezone.now() - self.created >= window:
            return (
                f"Comments can be edited for {settings.COMMENT_EDIT_WINDOW_MINUTES} minutes after they are posted; "
                "the time for this one has passed."
            )
        return None

    def delete_refusal(self, user) -> str | None:
        """Why `user` may not delete this comment as its author, or None if they may. A suspended
        author may still withdraw their words: deleting adds nothing to the discussion."""
        if not user.is_authenticated or self.author_id != user.pk:
            return "You can only delete your own comments."
        return self._withdrawn_refusal("deleted")

    def is_deletable_by(self, user) -> bool:
        return self.delete_refusal(user) is None

    def _withdrawn_refusal(self, done: str) -> str | None:
        # A moderator's removal wins: the author cannot turn it into their own deletion or edit it back.
        if self.state == _HIDDEN:
            return f"A moderator removed this comment, so it cannot be {done}."
        if self.state == _DELETED:
            return "This comment is already deleted."
        return None

    def report_refusal(self, user) -> str | None:
        """Why `user` may not report this comment, or None: readers flag other people's visible comments."""
        return account_refusal(user) or self._author_report_refusal(user)

    def is_appealable_by(self, user) -> bool:
        """Its author may ask a moderator to look again at a removal (comments.models.Appeal decides the rest)."""
        return user.is_authenticated and self.author_id == user.pk and self.state == _HIDDEN

    def report(self, *, by, reason: str, details: str = "") -> tuple:
        """File `by`'s report on this comment, once: returns the report and whether it is new."""
        with transaction.atomic():
            report, created = self.reports.get_or_create(reporter=by, defaults={"reason": reason, "details": details})
            if created:
                Comment.objects.filter(pk=self.pk).update(report_count=F("report_count") + 1)
                hold_for_review_if_reported(self)
        return report, created

    def is_reportable_by(self, user) -> bool:
        """For a page's links, as is_editable_by."""
        return user.is_authenticated and self._author_report_refusal(user) is None

    def _author_report_refusal(self, user) -> str | None:
        if self.author_id == user.pk:
            return "This is your own comment: you can edit or delete it instead."
        if not self.is_visible:
            return "This comment has already been removed from the discussion."
        return None

    def edit(self, *, by, body: str, moderator: bool = False, reason: str = "", public_note: str = "") -> bool:
        """Replace the body, keeping the earlier text as a revision; False if the text is unchanged.

        The author's edit (within the edit window, while comments are open) or, with `moderator`, a
        moderator's, which is logged with its reason and shown to readers as "edited by a moderator"
        (with `public_note`, if given). Decided under the tree's lock; raises
        PermissionDenied with the reason if `by` may not edit it (any more). An UPDATE of the
        text fields only, so stale tree fields are never written back.
        """
        with transaction.atomic():
            current = self._lock_for_change()
            if not moderator and (refusal := current.edit_refusal(by)):
                raise PermissionDenied(refusal)
            body = normalise_text(body)
            if current.body == body:
                return False
            edited = timezone.now()
            CommentRevision.objects.create(comment=current, body=current.body, edited_by=by, replaced_at=edited)
            body_html = render_body(body, current.markup)
            current.body, current.body_html, current.edited = body, body_html, edited
            if moderator:
                current.edited_by_moderator, current.edit_note = True, public_note
                ModerationAction.about_comment(
                    current, by=by, action=ModerationAction.Kind.EDIT, reason=reason, public_reason=public_note
                ).save()
            Comment.objects.filter(pk=self.pk).update(
                body=body,
                body_html=body_html,
                edited=edited,
                edited_by_moderator=current.edited_by_moderator,
                edit_note=current.edit_note,
                **pieces.piece_fields(current),
            )
            discussion_changed(current.article_id)
            comment_edited.send(sender=Comment, comment=current, by=by, moderator=moderator)
        self.body, self.body_html, self.edited = body, body_html, edited
        if moderator:
            self.edited_by_moderator, self.edit_note = True, public_note
        return True

    def delete_by_author(self, *, by) -> None:
        """The author withdraws the comment: readers see "[deleted]"; the row, its text and its replies stay."""
        with transaction.atomic():
            current = self._lock_for_change()
            if refusal := current.delete_refusal(by):
                raise PermissionDenied(refusal)
            current.state = self.State.DELETED
            Comment.objects.filter(pk=self.pk).update(state=current.state, **pieces.piece_fields(current))
            discussion_changed(current.article_id)
            current.state = self.State.DELETED
            comment_state_changed.send(sender=Comment, comments=[current], state=self.State.DELETED)
        self.state = self.State.DELETED

    def delete_tree(self) -> None:
        """Remove this comment and all its replies from the database: for superusers only, never moderation."""
        with transaction.atomic():
            Comment.objects.lock_trees([self.tree_id])
            fresh = Comment.objects.filter(pk=self.pk).first()
            if fresh is not None:
                fresh.delete()
                discussion_changed(fresh.article_id)

    def _lock_for_change(self) -> "Comment":
        # In the order posting takes them: the article's row (so closing comments waits for an edit
        # in flight), then the tree's root row, so a reply checking this comment sees the change.
        lock_article(self.article_id)
        Comment.objects.lock_trees([self.tree_id])
        return Comment.objects.select_for_update(of=("self",)).select_related("article", "author").get(pk=self.pk)

    lock_replies = reply_lock.lock_replies  # stop replies below this comment, under the tree's lock
    unlock_replies = reply_lock.unlock_replies

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


# The states as plain names for the rules a page asks of every comment: on Python 3.11 reading a member
# through its enum class (Comment.State.VISIBLE) costs more than the rest of the comparison.
_VISIBLE, _HIDDEN, _DELETED = Comment.State.VISIBLE, Comment.State.HIDDEN, Comment.State.DELETED
