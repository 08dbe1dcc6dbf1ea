import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comments.transfer import TransferError, export_thread
from forum.articles.models import Article


class Command(BaseCommand):
    help = (
        "Write the article SLUG and its whole discussion as JSON: every comment in reading order "
        "whatever its state (hidden and deleted ones included), its earlier versions, the reports on it "
        "and the moderation log about it, with users named by username. Writes to standard output, or "
        "with -o FILE to FILE, replaced in one step so a reader never sees half a file. "
        "`import_thread` reads it back. Reads only, so there is nothing to dry-run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, slug: str, output: Path | None, **options) -> None:
        try:
            article = Article.objects.get(slug=slug)
        except Article.DoesNotExist:
            raise CommandError(f"no article with slug {slug!r}") from None
        try:
            document = export_thread(article)
        except TransferError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        summary = (
            f"Exported {article.title!r} ({slug}): {len(document['comments'])} comments, "
            f"{len(document['revisions'])} earlier versions, {len(document['reports'])} reports, "
            f"{len(document['moderation'])} moderation entries"
        )
        if output is None:
            self.stdout.write(text, ending="")
            sys.stderr.write(summary + "\n")  # stdout holds the JSON alone
            return
        write_atomically(output, text)
        self.stdout.write(f"{summary} to {output}")


def write_atomically(path: Path, text: str) -> None:
    """Write beside the target, then rename over it: the file is either the old one or the whole new one."""
    directory = path.resolve().parent
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
