"""The comment tree's signals, turned into tasks once the write commits: the request pays one enqueue."""

from django.db import transaction
from django.dispatch import receiver

from comments.notifications.tasks import fan_out_edit, fan_out_new_comment
from comments.signals import comment_edited, comment_posted


@receiver(comment_posted, dispatch_uid="notifications.comment_posted")
def comment_posted_received(sender, comment, **kwargs) -> None:
    transaction.on_commit(lambda: fan_out_new_comment.enqueue(comment.pk), robust=True)


@receiver(comment_edited, dispatch_uid="notifications.comment_edited")
def comment_edited_received(sender, comment, by, **kwargs) -> None:
    edited, editor_id = comment.edited.isoformat(), getattr(by, "pk", None)
    transaction.on_commit(lambda: fan_out_edit.enqueue(comment.pk, edited, editor_id), robust=True)
