"""Email out of the request: queue a row, send it in the worker, retry with backoff, never twice."""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from comments.notifications.emails import compose
from comments.notifications.models import EmailPreference, Notification, OutboundEmail

logger = logging.getLogger(__name__)


def queue_email(key: str, recipient_id: int, notices: list[Notification]) -> OutboundEmail | None:
    """Queue one email about `notices` under `key` (once, however often asked), and its task once committed."""
    with transaction.atomic():
        email, created = OutboundEmail.objects.get_or_create(key=key, defaults={"recipient_id": recipient_id})
        if not created:
            return None
        email.notifications.set(notices)
        Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed=True)
        transaction.on_commit(lambda: deliver_email.enqueue(email.pk), robust=True)
    return email


def resume_unsent(emails) -> int:
    """Queue again the task of each email in `emails` that was queued but never tried.

    A run cut short between its commit and its enqueue (a worker killed there) leaves such a row with
    no task; the rerun that finds its work done calls this. Sending claims the row first, so where the
    task did exist the second one finds nothing to do."""
    pks = list(emails.filter(state=OutboundEmail.State.PENDING, attempts=0).values_list("pk", flat=True))
    for pk in pks:
        transaction.on_commit(lambda pk=pk: deliver_email.enqueue(pk), robust=True)
    return len(pks)


def deliver(pk: int) -> str:
    """Send queued email `pk` if it is due and unclaimed; returns what happened, for the task's result."""
    email = OutboundEmail.claim(pk)
    if email is None:
        return "not due, already claimed or finished"
    try:
        message = compose(email)
        if message is None:
            email.mark_dropped()
            return "dropped"
        message.send()
    except Exception as error:
        again = email.mark_failed(error)
        logger.warning("email %s failed (attempt %s): %s", email.key, email.attempts, error)
        if again:
            _retry_later(email)
        return "failed"
    email.mark_sent()
    return "sent"


@task()
def deliver_email(email_id: int) -> str:
    """The task that sends one queued email (defined beside the sending, which queues it and its retries)."""
    return deliver(email_id)


def _retry_later(email: OutboundEmail) -> None:
    backend = deliver_email.get_backend()
    if backend.supports_defer:
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email.pk)
    # Otherwise (the immediate backend) `deliver_due_emails` picks it up when it is due.


def queue_due() -> int:
    """Enqueue every pending email whose time has come: a safety net for backends that cannot defer."""
    due = OutboundEmail.objects.filter(state=OutboundEmail.State.PENDING, next_attempt_at__lte=timezone.now())
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        deliver_email.enqueue(pk)
    return len(pks)


def queue_digests(day: date) -> int:
    """One digest per daily reader with replies or mentions not emailed yet; returns the digests queued."""
    daily = EmailPreference.objects.filter(mode=EmailPreference.Mode.DAILY, user__email__gt="")
    queued = 0
    for user_id in daily.values_list("user_id", flat=True):
        notices = list(
            Notification.objects.shown().filter(
                recipient_id=user_id, emailed=False, kind__in=Notification.EMAILED_KINDS
            )
        )
        if notices and queue_email(f"digest:{user_id}:{day.isoformat()}", user_id, notices):
            queued += 1
    return queued
