from django.core.management.base import BaseCommand
from django.db import transaction

from comments.models import Comment

BATCH = 1000  # comments rendered and written per transaction: a short lock, bounded memory


class Command(BaseCommand):
    help = (
        "Render the stored pieces (comments/pieces.py) of every comment whose piece was made by another "
        "version of comments/_comment_piece.html, or for another state, so that no reader pays for it "
        "after an upgrade; pages re-render stale pieces as they read them anyway. Run by `make run` and "
        "after every deployment. --dry-run counts them without writing; each batch of "
        f"{BATCH} is written in its own transaction."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count the stale pieces, write nothing")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        stale = list(Comment.objects.with_stale_pieces().order_by("pk").values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(stale)} stale piece(s); nothing written (--dry-run).")
            return
        rendered = 0
        for start in range(0, len(stale), BATCH):
            with transaction.atomic():
                rendered += len(Comment.objects.filter(pk__in=stale[start : start + BATCH]).refresh_stale_pieces())
        self.stdout.write(f"Rendered {rendered} stale piece(s) of {Comment.objects.count()} comment(s).")
