"""The background tasks (django.tasks API): each is safe to run twice."""

from datetime import date, datetime

from django_tasks import task

from comments.notifications import delivery, fanout


@task()
def fan_out_new_comment(comment_id: int) -> int:
    return fanout.notify_new_comment(comment_id)


@task()
def fan_out_edit(comment_id: int, edited: str, editor_id: int | None) -> int:
    return fanout.notify_parent_edited(comment_id, datetime.fromisoformat(edited), editor_id)


@task()
def deliver_email(email_id: int) -> str:
    return delivery.deliver(email_id)


@task()
def queue_daily_digests(day: str) -> int:
    return delivery.queue_digests(date.fromisoformat(day))
