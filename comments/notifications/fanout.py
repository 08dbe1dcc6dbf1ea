"""Who hears of a comment, decided in the worker: the request that posted it paid only for a task.

Each function is safe to run twice: notices are unique per (reader, comment, reason) and emails per key.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from comments import markdown
from comments.mentions import mentioned_users
from comments.models import Comment
from comments.notifications.delivery import queue_email, resume_unsent
from comments.notifications.models import (
    EmailPreference,
    Follow,
    Mention,
    Notification,
    OutboundEmail,
    ThreadMute,
    UserMute,
)

Kind = Notification.Kind


def notify_new_comment(comment_id: int) -> int:
    """Tell the parent's author, the people named and the article's followers; returns the notices made."""
    comment = Comment.objects.select_related("parent").filter(pk=comment_id).first()
    if comment is None or not comment.is_visible or comment.author_id is None:
        return 0
    with transaction.atomic():
        Follow.objects.get_or_create(user_id=comment.author_id, article_id=comment.article_id)
        mentioned = _mentioned(comment)
        Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in mentioned], ignore_conflicts=True)
        # One notice each, for the most personal reason: a reply to you, then a mention, then a followed article.
        reasons: dict[int, str] = {}
        if comment.parent is not None and comment.parent.author_id:
            reasons[comment.parent.author_id] = Kind.REPLY
        for user in mentioned:
            reasons.setdefault(user.pk, Kind.MENTION)
        followers = Follow.objects.filter(article_id=comment.article_id, active=True).values_list("user_id", flat=True)
        for user_id in followers:
            reasons.setdefault(user_id, Kind.FOLLOWED)
        recipients = _willing(set(reasons), comment)
        made = [Notification(recipient_id=pk, comment=comment, kind=reasons[pk]) for pk in sorted(recipients)]
        Notification.objects.bulk_create(made, ignore_conflicts=True)
        _email_at_once(comment, [pk for pk in recipients if reasons[pk] in Notification.EMAILED_KINDS])
    return len(made)


def notify_parent_edited(comment_id: int, edited: datetime, editor_id: int | None) -> int:
    """Tell those who replied to `comment` before `edited` that the words they answered changed, and
    anyone the edit newly mentions."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None or not comment.is_visible:
        return 0
    _notify_new_mentions(comment)
    repliers = set(
        comment.children.visible().filter(created__lt=edited, author__isnull=False).values_list("author_id", flat=True)
    )
    recipients = _willing(repliers - {editor_id}, comment)
    notices = [
        Notification(recipient_id=pk, comment=comment, kind=Kind.PARENT_EDITED, created=edited) for pk in recipients
    ]
    # A second edit brings the notice back to the top of the inbox, unread.
    Notification.objects.bulk_create(
        notices,
        update_conflicts=True,
        unique_fields=["recipient", "comment", "kind"],
        update_fields=["created", "read_at"],
    )
    return len(notices)


def _notify_new_mentions(comment: Comment) -> None:
    """A name added by an edit is a mention like any other; one already recorded is not told twice."""
    known = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
    added = [user for user in _mentioned(comment) if user.pk not in known]
    if not added or comment.author_id is None:
        return
    with transaction.atomic():
        Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in added], ignore_conflicts=True)
        recipients = _willing({user.pk for user in added}, comment)
        notices = [Notification(recipient_id=pk, comment=comment, kind=Kind.MENTION) for pk in sorted(recipients)]
        Notification.objects.bulk_create(notices, ignore_conflicts=True)
        _email_at_once(comment, sorted(recipients))


def _mentioned(comment: Comment) -> list:
    """The people the comment mentions: in Markdown, only those its rendered text links (not in code)."""
    text = markdown.prose(comment.body) if comment.markup == Comment.Markup.MARKDOWN else comment.body
    return mentioned_users(text)


def _willing(user_ids: set[int], comment: Comment) -> set[int]:
    """Those of `user_ids` who want to hear of `comment`: not its author, not muting them or the thread."""
    user_ids = user_ids - {comment.author_id}
    if not user_ids:
        return set()
    muting_author = UserMute.objects.filter(user_id__in=user_ids, muted_id=comment.author_id)
    muting_thread = ThreadMute.objects.filter(
        Q(user_id__in=user_ids),
        comment__tree_id=comment.tree_id,
        comment__lft__lte=comment.lft,
        comment__rght__gte=comment.rght,
    )
    unwilling = set(muting_author.values_list("user_id", flat=True)) | set(
        muting_thread.values_list("user_id", flat=True)
    )
    return user_ids - unwilling


def _email_at_once(comment: Comment, user_ids: list[int]) -> None:
    if not user_ids:
        return
    at_once = EmailPreference.objects.filter(
        user_id__in=user_ids, mode=EmailPreference.Mode.IMMEDIATE, user__email__gt=""
    ).values_list("user_id", flat=True)
    already = []
    for notice in Notification.objects.filter(comment=comment, recipient_id__in=list(at_once)):
        key = f"{notice.kind}:{comment.pk}:{notice.recipient_id}"
        if notice.emailed:
            already.append(key)
        else:
            queue_email(key, notice.recipient_id, [notice])
    if already:  # a rerun: an earlier run may have stopped after its commit, before queueing the sending
        resume_unsent(OutboundEmail.objects.filter(key__in=already))
