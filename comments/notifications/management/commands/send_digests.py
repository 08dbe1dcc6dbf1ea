from django.core.management.base import BaseCommand
from django.utils import timezone

from comments.notifications.delivery import queue_digests, queue_due


class Command(BaseCommand):
    help = (
        "Queue today's digest email for every reader who chose a daily digest and has replies or mentions not "
        "emailed yet, and re-queue any email whose retry is due. Run once a day (cron); running it twice the "
        "same day queues nothing new, as each digest has a key of its own."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the readers with a digest due; queue nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        if dry_run:
            from comments.notifications.models import EmailPreference

            daily = EmailPreference.objects.filter(mode=EmailPreference.Mode.DAILY).count()
            self.stdout.write(f"{daily} reader(s) take a daily digest; nothing queued (dry run).")
            return
        retries = queue_due()  # first, so the digests queued below are not enqueued twice
        digests = queue_digests(timezone.localdate())
        self.stdout.write(f"Queued {digests} digest(s); {retries} email(s) due for sending or retry.")
