"""With REDIS_URL the same tasks go through RQ: a reply's fan-out and its email run in an RQ worker."""

import os

import django_rq
import pytest
from django.core import mail
from rq import SimpleWorker

from comments.models import Comment
from comments.notifications.models import EmailPreference, Notification, OutboundEmail
from tests.builders import make_article, make_user

REDIS_URL = os.environ.get("TEST_RQ_REDIS_URL", "redis://127.0.0.1:6379/5")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def rq_queue(settings, monkeypatch):
    monkeypatch.setitem(django_rq.settings.QUEUES, "default", {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60})
    settings.TASKS = RQ_TASKS
    queue = django_rq.get_queue("default")
    queue.connection.ping()
    queue.empty()
    yield queue
    queue.empty()


@pytest.mark.django_db(transaction=True)
def test_a_reply_is_fanned_out_and_emailed_by_an_rq_worker(rq_queue):
    from django_tasks_rq import Job

    alice, bob = make_user("alice", email="alice@example.org"), make_user("bob")
    EmailPreference.choose(alice, EmailPreference.Mode.IMMEDIATE)
    parent = Comment.objects.start_thread(make_article(), author=alice, body="Question.")
    Comment.objects.reply(parent, author=bob, body="Answer.")
    assert not Notification.objects.exists()  # nothing yet: the tasks wait in Redis
    assert rq_queue.count == 2  # one fan-out per comment

    SimpleWorker([rq_queue], connection=rq_queue.connection, job_class=Job).work(burst=True)
    assert Notification.objects.filter(recipient=alice, kind="reply").count() == 1
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
