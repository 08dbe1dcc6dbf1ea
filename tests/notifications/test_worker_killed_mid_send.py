"""A real `db_worker` process, killed after its mail went out and before it could record that."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from comments.models import Comment
from comments.notifications.models import EmailPreference, OutboundEmail
from comments.notifications.tasks import deliver_email
from tests.builders import make_article, make_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BOUND = 60  # seconds any one step may take on a busy machine before the test gives up


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(log: Path, *args: str, hang: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "FORUM_TASKS_BACKEND": "database",
        "DJANGO_EMAIL_BACKEND": "tests.notifications.mail_backends.HangingAfterSendBackend",
        "SENT_MAIL_LOG": str(log),
        "HANG_AFTER_SEND": "1" if hang else "",
        "DJANGO_SECURE": "0",
    }
    command = [
        sys.executable,
        "manage.py",
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        *args,
    ]
    return subprocess.Popen(command, cwd=django_settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL)  # noqa: S603  a fixed command


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_between_sending_and_recording_it_never_sends_the_email_again(settings, tmp_path):
    settings.TASKS = DATABASE_TASKS  # this process enqueues into the database; the workers run the tasks
    log = tmp_path / "sent.log"
    log.touch()
    alice, bob = make_user("alice", email="alice@example.org"), make_user("bob")
    EmailPreference.choose(alice, EmailPreference.Mode.IMMEDIATE)
    parent = Comment.objects.start_thread(make_article(), author=alice, body="Question.")
    Comment.objects.reply(parent, author=bob, body="Answer.")  # enqueues the fan-out, which queues the email

    worker = _worker(log, hang=True)
    try:
        _wait_for(lambda: log.read_text().count("\n") == 1, "the first worker to send the email")
    finally:
        worker.kill()  # SIGKILL: no clean-up runs, as when a machine loses power
        worker.wait(BOUND)
    email = OutboundEmail.objects.get()
    assert email.state == OutboundEmail.State.SENDING  # sent, never recorded as sent

    deliver_email.enqueue(email.pk)  # asked again, as a retry or the daily sweep would
    second = _worker(log, "--batch", hang=False)
    assert second.wait(BOUND) == 0
    assert log.read_text().splitlines() == ["alice@example.org bob replied to you on An article"]
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboundEmail.State.SENDING, 1)
