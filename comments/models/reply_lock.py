"""Locking replies below one comment: a moderator stops a sub-thread growing; the rest stays open.

The lock is stored on the comment it starts at (`replies_locked_at`, its reason and who set it) and
covers that comment and every comment below it. Whether a comment sits under a lock is one question
about the same tree, asked of the comment and its ancestors at once (mptt's lft/rght): `lock_above`
for one comment (a query), `carry_locks` for a page's rows (from the rows, which hold the ancestors).
`Comment.reply_refusal` asks it, and posting asks that under the tree's lock; locking and unlocking
take the same tree lock, so a reply in flight and a lock happen one after the other.
"""

from django.db import models, transaction
from django.utils import timezone

from comments import pieces
from comments.discussion_version import discussion_changed
from comments.models.moderation_log import ModerationAction

REASON_MAX_LENGTH = 200
_NOT_READ = object()


def refusal(reason: str) -> str:
    """What a reader is told when the comment they answer sits under a lock with `reason`."""
    return f"A moderator locked replies in this part of the discussion{f': {reason}' if reason else ''}."


def _locks_over(model, *, tree_id, lft, rght) -> models.QuerySet:
    """The locked comments at or above the comment at (tree_id, lft, rght), nearest first."""
    return model.objects.filter(
        tree_id=tree_id, lft__lte=lft, rght__gte=rght, replies_locked_at__isnull=False
    ).order_by("-lft")


def lock_above(comment) -> str | None:
    """The reason of the nearest lock on `comment` or above it ("" if none was given), or None if its
    sub-thread takes replies. A page's rows carry it already (`reply_lock`); a model instance asks once."""
    carried = getattr(comment, "reply_lock", _NOT_READ)
    if carried is not _NOT_READ:
        return carried
    model = type(comment)
    locks = _locks_over(model, tree_id=comment.tree_id, lft=comment.lft, rght=comment.rght)
    return locks.values_list("replies_locked_reason", flat=True).first()


def carry_locks(rows, *, above=()) -> None:
    """Set `reply_lock` (as `lock_above` answers it) on each of a page's rows, from the rows themselves:
    no query when every row's ancestors are among them or in `above` (rows that carry theirs already),
    as on an article page (whole threads) and a comment's page (its ancestors); one otherwise."""
    rows = list(rows)
    known = {row.pk for row in rows} | {row.pk for row in above}
    # Where a lock can come from: a locked row, a row above that carries one, or a comment above the rows.
    sources = [(row.tree_id, row.lft, row.rght, row.replies_locked_reason) for row in rows if row.replies_locked_at]
    sources += [(row.tree_id, row.lft, row.rght, row.reply_lock) for row in above if row.reply_lock is not None]
    tops = [row for row in rows if row.parent_id is not None and row.parent_id not in known]
    if tops:
        model = _comment_model()
        over = models.Q()
        for row in tops:
            over |= models.Q(tree_id=row.tree_id, lft__lt=row.lft, rght__gt=row.rght)
        outside = model.objects.filter(over, replies_locked_at__isnull=False)
        sources += list(outside.values_list("tree_id", "lft", "rght", "replies_locked_reason"))
    if not sources:  # the usual page: nothing locked (a row is made with reply_lock None)
        return
    by_tree: dict[int, list] = {}
    for source in sources:
        by_tree.setdefault(source[0], []).append(source)
    for row in rows:
        row.reply_lock = None
        nearest = -1
        for _, lft, rght, reason in by_tree.get(row.tree_id, ()):
            if lft <= row.lft and rght >= row.rght and lft > nearest:
                row.reply_lock, nearest = reason, lft


def _comment_model():
    from django.apps import apps

    return apps.get_model("comments", "Comment")


def lock_replies(comment, *, by, reason: str = "") -> bool:
    """Stop new replies anywhere below `comment` (and to it); False if it was locked already.

    Under the tree's lock, as posting decides: a reply that has decided lands before the lock, one
    that has not is refused. Logged, and the locked comment's piece shows the notice with `reason`.
    """
    return _set_lock(comment, by=by, locked=True, reason=reason[:REASON_MAX_LENGTH])


def unlock_replies(comment, *, by, reason: str = "") -> bool:
    """Lift the lock set on `comment`; False if it had none."""
    return _set_lock(comment, by=by, locked=False, reason=reason)


def _set_lock(comment, *, by, locked: bool, reason: str) -> bool:
    objects = type(comment).objects
    with transaction.atomic():
        objects.lock_trees([comment.tree_id])
        current = objects.select_related("author").filter(pk=comment.pk).first()
        if current is None or (current.replies_locked_at is not None) == locked:
            return False
        if locked:
            current.replies_locked_at, current.replies_locked_reason, current.replies_locked_by = (
                timezone.now(),
                reason,
                by,
            )
        else:
            current.replies_locked_at, current.replies_locked_reason, current.replies_locked_by = None, "", None
        objects.filter(pk=current.pk).update(
            replies_locked_at=current.replies_locked_at,
            replies_locked_reason=current.replies_locked_reason,
            replies_locked_by=current.replies_locked_by,
            **pieces.piece_fields(current),
        )
        kind = ModerationAction.Kind.LOCK_REPLIES if locked else ModerationAction.Kind.UNLOCK_REPLIES
        ModerationAction.about_comment(
            current, by=by, action=kind, reason=reason, public_reason=reason if locked else ""
        ).save()
        # Reply links below it are filled per reader from the rows, never stored: moving the
        # discussion's version is what keeps a cached page from offering them.
        discussion_changed(current.article_id)
    comment.replies_locked_at = current.replies_locked_at
    comment.replies_locked_reason = current.replies_locked_reason
    comment.replies_locked_by = current.replies_locked_by
    comment.__dict__.pop("reply_lock", None)
    return True
