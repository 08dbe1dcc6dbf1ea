"""How a comment comes into being: one verb per way, each deciding once, under the locks.

django-mptt leaves concurrency to its caller: a new root takes MAX(tree_id) + 1, and two
replies inserted at once into one tree would get overlapping lft/rght. So every insertion
runs inside a transaction that first locks what it depends on and changes:

- the article's row, FOR SHARE: posts do not wait for each other, but closing comments (an
  UPDATE of that row) waits for the posts in flight, and a post that starts after it sees it;
- a reply then locks the root row of its own tree (each top-level comment is a tree) and
  re-reads its parent, so replies into other trees never wait for it;
- a new top-level comment takes an advisory lock while it allocates a tree id.

On SQLite, transactions are IMMEDIATE (see settings), which serialises writers.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from mptt.managers import TreeManager

from comments import rate_limits
from comments.discussion_version import discussion_changed
from comments.models.queryset import CommentQuerySet
from comments.models.suspension import account_refusal
from comments.signals import comment_posted
from forum.articles.models import Article

NEW_TREE_LOCK_KEY = 0x666F72756D  # an arbitrary constant naming the "allocate a tree id" lock

PARENT_GONE = "The comment you are replying to does not exist: it may have been removed with its thread."
ARTICLE_GONE = "This article is no longer available, so nothing was posted."
KEY_REUSED = (
    "This form was already used to post a different text, which is in the discussion. "
    "Your new text is kept below: post it again to add it as a comment of its own."
)


class PostingRefused(Exception):
    """Nothing was posted; the message says why in one sentence a reader can act on."""


@dataclass
class RateLimited(PostingRefused):
    limit: int
    retry_after: int  # seconds
    per_address: bool = False  # the address's limit, shared by every account posting from it

    def __str__(self) -> str:
        comments = f"{self.limit} comment{'s' if self.limit != 1 else ''} a minute"
        who = (
            f"At most {comments} may be posted from one network address"
            if self.per_address
            else (f"You can post at most {comments}")
        )
        return (
            f"{who}. Please wait {self.retry_after} second{'s' if self.retry_after != 1 else ''} "
            "and post again; your text is kept below."
        )


class SubmissionKeyReused(PostingRefused):
    """The form's key already made a comment with another text: the form needs a new key."""


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    def start_thread(
        self, article, *, author, body: str, submission_key: UUID | None = None, address: str | None = None
    ):
        """Post `body` by `author` as a new top-level comment on `article`, and return it.
        `address` is the client's network address, counted against its own limit (None outside a request)."""
        return self._post(article.pk, None, author=author, body=body, submission_key=submission_key, address=address)

    def reply(self, parent, *, author, body: str, submission_key: UUID | None = None, address: str | None = None):
        """Post `body` by `author` as the last reply to `parent`, and return it.

        A form sent again with the same submission key and text returns the comment it made.
        Raises PostingRefused (RateLimited, SubmissionKeyReused) with the reason.
        """
        return self._post(
            parent.article_id, parent, author=author, body=body, submission_key=submission_key, address=address
        )

    def insert(self, article, *, body: str, parent=None, created=None, **fields):
        """The low-level locked insert for imports and tests: no rule about who posts or when is asked.
        `fields` are other Comment fields (author, author_name, submission_key)."""
        with transaction.atomic():
            if parent is not None:
                self.lock_trees([parent.tree_id])
                parent = self.get(pk=parent.pk)
            else:
                _lock_new_tree_allocation()
            return self._insert(article.pk, parent, body=body, created=created, **fields)

    def _post(self, article_id: int, parent, *, author, body: str, submission_key: UUID | None, address: str | None):
        try:
            with transaction.atomic():
                article = lock_article(article_id)
                if parent is not None:
                    self.lock_trees([parent.tree_id])
                    parent = self.filter(pk=parent.pk).first()
                    if parent is None:
                        raise PostingRefused(PARENT_GONE)
                else:
                    _lock_new_tree_allocation()
                if existing := self._posted_with(author, submission_key, body):
                    return existing
                refusal = account_refusal(author) or article.comment_refusal()
                if parent is not None and not refusal:
                    refusal = parent.reply_refusal(article)
                if refusal:
                    raise PostingRefused(refusal)
                try:
                    rate_limits.check_posting(author, address)
                except rate_limits.Exceeded as exceeded:
                    window = exceeded.window
                    raise RateLimited(
                        window.limit, exceeded.retry_after, per_address=window.name == rate_limits.per_address().name
                    ) from None
                comment = self._insert(article_id, parent, author=author, body=body, submission_key=submission_key)
                comment_posted.send(sender=self.model, comment=comment)
                return comment
        except IntegrityError:
            # The unique (author, submission_key) constraint caught a twin posted into another tree at once.
            if existing := self._posted_with(author, submission_key, body):
                return existing
            raise

    def _posted_with(self, author, submission_key: UUID | None, body: str):
        if submission_key is None:
            return None
        existing = self.filter(author=author, submission_key=submission_key).first()
        if existing is not None and existing.body != body:
            raise SubmissionKeyReused(KEY_REUSED)
        return existing

    def _insert(self, article_id: int, parent, *, body: str, created=None, **fields):
        comment = self.model(
            article_id=article_id, parent=parent, body=body, created=created or timezone.now(), **fields
        )
        comment.save()
        discussion_changed(article_id)
        return comment


def lock_article(article_id: int) -> Article:
    """The article, re-read under a share lock on its row (closing comments waits for it)."""
    if connection.vendor == "postgresql":
        table = Article._meta.db_table
        found = list(Article.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [article_id]))  # noqa: S608
    else:
        found = list(Article.objects.filter(pk=article_id))
    if not found:
        raise PostingRefused(ARTICLE_GONE)
    return found[0]


def _lock_new_tree_allocation() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_TREE_LOCK_KEY])
