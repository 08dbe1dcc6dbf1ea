"""A task left RUNNING by a worker that died is put back on the database queue, and only such a task."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments.notifications import tasks

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(db, settings):
    settings.TASKS = DATABASE_TASKS

    def enqueue(started_ago: timedelta) -> DBTaskResult:
        result = DBTaskResult.objects.get(id=tasks.fan_out_new_comment.enqueue(12345).id)
        result.status, result.started_at = TaskResultStatus.RUNNING, timezone.now() - started_ago
        result.worker_ids = ["host-a"]
        result.save()
        return result

    return enqueue


def test_a_task_a_dead_worker_left_running_is_put_back_on_the_queue(queued):
    stalled = queued(timedelta(minutes=30))
    call_command("requeue_stalled_tasks", verbosity=0)
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.READY and stalled.started_at is None


def test_a_task_still_running_on_a_live_worker_is_left_alone(queued):
    running = queued(timedelta(seconds=20))
    call_command("requeue_stalled_tasks", verbosity=0)
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING


def test_a_dry_run_changes_nothing(queued, capsys):
    stalled = queued(timedelta(hours=1))
    call_command("requeue_stalled_tasks", dry_run=True)
    stalled.refresh_from_db()
    assert stalled.status == TaskResultStatus.RUNNING
    assert "1 stalled task(s) found" in capsys.readouterr().out
