"""The one locked path for every write that changes a comment tree.

django-mptt leaves concurrency to its caller: a new root takes MAX(tree_id) + 1,
and two replies inserted at once into one tree would get overlapping lft/rght.
Every insertion and deletion therefore runs here, inside a transaction that
first locks what it changes:

- a reply locks the root row of its own tree (each top-level comment is a tree),
  then re-reads the parent, so replies into other trees never wait for it;
- a new top-level comment takes an advisory lock while it allocates a tree id.

On SQLite, transactions are IMMEDIATE (see settings), which serialises writers.
"""

from collections.abc import Callable
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from comments.cache import discussion_changed
from comments.models import Comment, lock_trees

NEW_TREE_LOCK_KEY = 0x666F72756D  # an arbitrary constant naming the "allocate a tree id" lock


class ReplyRejected(Exception):
    """The parent cannot take a reply (gone, hidden, too deep, or comments closed)."""


def _lock_new_tree_allocation() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_TREE_LOCK_KEY])


def add_comment(
    article,
    *,
    body: str,
    parent: Comment | None = None,
    author=None,
    author_name: str = "",
    created=None,
    submission_key: UUID | None = None,
    markup: str = Comment.Markup.MARKDOWN,
    before_insert: Callable[[], None] | None = None,
) -> Comment:
    """Insert a comment as the last reply to `parent`, or as a new top-level comment.

    `markup` says how the body is read: Markdown, as the forms write it, or plain imported text.

    `before_insert` runs inside the transaction after the locks are held, so a
    check it makes (a rate limit, say) cannot be raced by a concurrent request.
    """
    with transaction.atomic():
        if not article.comments_open:
            raise ReplyRejected("Comments are closed on this article.")
        if parent is not None:
            lock_trees([parent.tree_id])
            try:
                parent = Comment.objects.select_related("article").get(pk=parent.pk)
            except Comment.DoesNotExist:
                raise ReplyRejected("The comment you replied to no longer exists.") from None
            if parent.article_id != article.pk:
                raise ReplyRejected("That comment belongs to another article.")
            if refusal := parent.reply_refusal(article):
                raise ReplyRejected(refusal)
        else:
            _lock_new_tree_allocation()
        if before_insert is not None:
            before_insert()
        comment = Comment(
            article=article,
            parent=parent,
            author=author,
            author_name=author_name,
            body=body,
            markup=markup,
            created=created or timezone.now(),
            submission_key=submission_key,
        )
        comment.save()
        discussion_changed(article.pk)
    return comment


def delete_comment_tree(comment: Comment) -> None:
    """Remove a comment and all its replies from the database: for superusers only, never moderation."""
    with transaction.atomic():
        lock_trees([comment.tree_id])
        try:
            fresh = Comment.objects.get(pk=comment.pk)
        except Comment.DoesNotExist:
            return
        fresh.delete()
        discussion_changed(fresh.article_id)
