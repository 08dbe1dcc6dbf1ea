from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Put back on the database queue the tasks a worker started and never finished: a worker killed (or its "
        "host lost) while running one leaves it RUNNING, and the queue never runs it again by itself. Every "
        "task of the forum is safe to run twice (fan-out and email claim their rows under locks), so running "
        "one again loses nothing and doubles nothing. Run it every few minutes from cron; a task younger than "
        "--older-than is left alone, so a slow task still running on a live worker is not run twice at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=600,
            metavar="SECONDS",
            help="Only tasks started at least this long ago (default 600: every task here takes seconds).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the stalled tasks; change nothing.")

    def handle(self, *args, older_than: int, dry_run: bool = False, **options) -> None:
        cutoff = timezone.now() - timedelta(seconds=older_than)
        with transaction.atomic():
            stalled = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lte=cutoff
            )
            found = [(result.id, result.task_path, result.worker_ids) for result in stalled]
            for task_id, path, workers in found:
                self.stdout.write(
                    f"stalled: {path} ({task_id}), started by {', '.join(workers) or 'an unknown worker'}"
                )
            if not dry_run:
                DBTaskResult.objects.filter(id__in=[task_id for task_id, _, _ in found]).update(
                    status=TaskResultStatus.READY, started_at=None
                )
        action = "found (dry run, nothing changed)" if dry_run else "put back on the queue"
        self.stdout.write(f"{len(found)} stalled task(s) {action}.")
