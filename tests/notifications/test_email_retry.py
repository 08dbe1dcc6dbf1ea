from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comments.notifications.delivery import deliver
from comments.notifications.models import EmailPreference, Notification, OutboundEmail
from comments.notifications.models.outbox import MAX_ATTEMPTS, retry_delay
from tests.builders import make_article, make_user

FAILING = "tests.notifications.mail_backends.FailingBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued_email(post, settings, bob):
    """A reply to alice, who takes email at once, with the first send failing: the mail server is down."""
    alice = make_user("alice", email="alice@example.org")
    EmailPreference.choose(alice, EmailPreference.Mode.IMMEDIATE)
    settings.EMAIL_BACKEND = FAILING
    post(bob, "Answer.", parent=post(alice, "Question.", article=make_article()))
    return OutboundEmail.objects.get()


def test_a_failed_send_is_kept_for_a_later_attempt_and_the_notice_stays_on_the_site(client, queued_email):
    assert queued_email.state == OutboundEmail.State.PENDING
    assert queued_email.attempts == 1
    assert "SMTPServerDisconnected" in queued_email.last_error
    assert queued_email.next_attempt_at > timezone.now() + timedelta(seconds=50)
    client.force_login(queued_email.recipient)
    assert "Answer." in client.get(reverse("notifications:inbox")).content.decode()
    assert Notification.objects.get(recipient=queued_email.recipient).read_at is None


def test_an_email_is_not_tried_again_before_its_time(settings, queued_email):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(queued_email.pk) == "not due, already claimed or finished"
    assert mail.outbox == []


def test_once_due_the_retry_sends_it_and_a_further_run_sends_nothing(settings, queued_email):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=queued_email.pk).update(next_attempt_at=timezone.now())
    assert deliver(queued_email.pk) == "sent"
    assert deliver(queued_email.pk) == "not due, already claimed or finished"
    assert len(mail.outbox) == 1
    queued_email.refresh_from_db()
    assert (queued_email.state, queued_email.attempts) == (OutboundEmail.State.SENT, 2)


def test_the_wait_grows_fourfold_and_the_email_is_given_up_after_the_last_attempt(queued_email):
    assert [retry_delay(attempt) for attempt in range(1, 5)] == [
        timedelta(minutes=minutes) for minutes in (1, 4, 16, 64)
    ]
    for _ in range(MAX_ATTEMPTS - 1):
        OutboundEmail.objects.filter(pk=queued_email.pk).update(next_attempt_at=timezone.now())
        assert deliver(queued_email.pk) == "failed"
    queued_email.refresh_from_db()
    assert (queued_email.state, queued_email.attempts) == (OutboundEmail.State.FAILED, MAX_ATTEMPTS)
    assert Notification.objects.filter(recipient=queued_email.recipient).exists()


def test_a_failed_send_enqueues_its_retry_for_when_it_is_due(settings, queued_email):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS  # a backend that can run a task later
    OutboundEmail.objects.filter(pk=queued_email.pk).update(next_attempt_at=timezone.now())
    assert deliver(queued_email.pk) == "failed"
    queued_email.refresh_from_db()
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "comments.notifications.delivery.deliver_email"
    assert retry.args_kwargs["args"] == [queued_email.pk]
    assert retry.run_after == queued_email.next_attempt_at
