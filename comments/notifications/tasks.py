"""The background tasks (django.tasks API): each is safe to run twice. The email task, deliver_email,
lives beside the sending it runs (delivery.py), which queues it."""

from datetime import date, datetime

from django_tasks import task

from comments.notifications import delivery, fanout
from comments.notifications.delivery import deliver_email

__all__ = ["deliver_email", "fan_out_edit", "fan_out_new_comment", "queue_daily_digests"]


@task()
def fan_out_new_comment(comment_id: int) -> int:
    return fanout.notify_new_comment(comment_id)


@task()
def fan_out_edit(comment_id: int, edited: str, editor_id: int | None) -> int:
    return fanout.notify_parent_edited(comment_id, datetime.fromisoformat(edited), editor_id)


@task()
def queue_daily_digests(day: str) -> int:
    return delivery.queue_digests(date.fromisoformat(day))
