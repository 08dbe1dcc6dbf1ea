import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from comments.author_lines import load_unrecorded
from comments.document import DocumentError, ParsedDocument, load, replies_path_for
from comments.models import Comment
from comments.rendering import render_body
from comments.reply_draft import draft_replies, format_replies
from comments.validation import find_control_character
from forum.articles.models import Article

# The scrape carries no dates; imported comments are spaced a minute apart in document order.
DEFAULT_PUBLISHED = "2018-10-19T09:00:00+00:00"


class Command(BaseCommand):
    help = (
        "Import a scraped article and its comments from PATH, with the reply structure recorded in "
        "PATH's .replies file beside it. Writes the article and its discussion to the database through "
        "the same locked tree functions as posting, or with --fixture OUT.json writes a fixture instead. "
        "An article whose slug is already present is left alone, so re-running imports nothing twice. "
        "With no replies file yet, --draft writes one to review (importing nothing), and --flat imports "
        "every comment top-level."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--replies", type=Path, help="the reply structure file (default: PATH with .replies)")
        parser.add_argument("--fixture", type=Path, metavar="OUT", help="write a JSON fixture instead of importing")
        parser.add_argument("--published", default=DEFAULT_PUBLISHED, help="the article's time (ISO 8601)")
        parser.add_argument("--dry-run", action="store_true", help="parse and report; write nothing")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--draft", action="store_true", help="write a drafted replies file to review; import nothing")
        mode.add_argument("--flat", action="store_true", help="import every comment top-level, with no replies file")
        parser.add_argument("--force", action="store_true", help="with --draft: overwrite an existing replies file")

    def handle(self, *args, path: Path, replies: Path | None, fixture: Path | None, published: str, **options):
        replies_path = replies or replies_path_for(path)
        if options["draft"]:
            return self._draft(path, replies_path, force=options["force"], dry_run=options["dry_run"])
        if options["flat"] and replies_path.exists():
            raise CommandError(f"{replies_path} records the reply structure; import without --flat to use it")
        try:
            document = load_unrecorded(path) if options["flat"] else load(path, replies)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        self._reject_control_characters(document, path)
        try:
            published_at = datetime.fromisoformat(published)
        except ValueError:
            raise CommandError(f"--published {published!r} is not an ISO 8601 time") from None
        if published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=UTC)
        slug = slugify(document.title)[:200]
        if not slug:
            raise CommandError(f"{path}: the title gives no usable slug")
        summary = f"{document.title!r}: {len(document.paragraphs)} paragraphs, {len(document.comments)} comments"
        if options["flat"]:
            summary += ", all top-level"
            self.stderr.write(
                f"Warning: the reply structure was not recorded ({replies_path} does not exist), so every "
                "comment is top-level; --draft writes a replies file to review instead."
            )

        if options["dry_run"]:
            self.stdout.write(f"Parsed {summary} (dry run: nothing written)")
        elif fixture:
            fixture.write_text(
                json.dumps(as_fixture(document, slug, published_at), indent=2, ensure_ascii=False) + "\n"
            )
            self.stdout.write(f"Wrote {summary} to {fixture}")
        elif Article.objects.filter(slug=slug).exists():
            self.stdout.write(f"Already imported: {summary} (slug {slug!r}); nothing written")
        else:
            import_into_database(document, slug, published_at)
            self.stdout.write(f"Imported {summary}")

    def _draft(self, path: Path, replies_path: Path, *, force: bool, dry_run: bool) -> None:
        if replies_path.exists() and not force and not dry_run:
            raise CommandError(f"{replies_path} exists; --force overwrites it")
        try:
            document = load_unrecorded(path)
            self._reject_control_characters(document, path)
            lines = draft_replies(document)
            text = format_replies(document, lines, path.name)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        threads = sum(1 for line in lines if line.parent is None)
        summary = f"{len(lines)} comments by {len({line.author for line in lines})} authors in {threads} threads"
        if dry_run:
            self.stdout.write(text, ending="")
            self.stdout.write(f"Drafted {summary} (dry run: nothing written)")
            return
        try:
            replies_path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{replies_path}: cannot be written ({error.strerror})") from None
        self.stdout.write(
            f"Drafted {summary} to {replies_path}; review each line's reason, then run import_document {path}"
        )

    def _reject_control_characters(self, document: ParsedDocument, path: Path) -> None:
        texts = [document.title, document.deck, *document.paragraphs]
        texts += [text for comment in document.comments for text in (comment.author, comment.body)]
        for text in texts:
            if (found := find_control_character(text)) is not None:
                raise CommandError(f"{path}: a control character {found!r} in {text[:40]!r}")


def comment_time(published_at: datetime, number: int) -> datetime:
    return published_at + timedelta(minutes=number)


@transaction.atomic
def import_into_database(document: ParsedDocument, slug: str, published_at: datetime) -> Article:
    article = Article.objects.create(
        title=document.title, slug=slug, deck=document.deck, body=document.body, published=published_at
    )
    saved: dict[int, Comment] = {}
    for parsed in document.comments:
        saved[parsed.number] = Comment.objects.insert(
            article,
            parent=saved[parsed.parent] if parsed.parent else None,
            author_name=parsed.author,
            body=parsed.body,
            markup=Comment.Markup.PLAIN,  # scraped text: "*" and ">" in it are not formatting
            created=comment_time(published_at, parsed.number),
        )
    return article


def as_fixture(document: ParsedDocument, slug: str, published_at: datetime) -> list[dict]:
    """The records import_into_database() would write into an empty database, as a Django fixture.

    Tree fields are numbered the way mptt numbers them for comments appended in
    document order: each top-level comment a new tree, each reply the last child.
    """
    records: list[dict] = [
        {
            "model": "forum.article",
            "pk": 1,
            "fields": {
                "title": document.title,
                "slug": slug,
                "deck": document.deck,
                "body": document.body,
                "source_url": "",
                "published": published_at.isoformat(),
                "comments_open": True,
            },
        }
    ]
    children: dict[int | None, list[int]] = {}
    for parsed in document.comments:
        children.setdefault(parsed.parent, []).append(parsed.number)
    by_number = {parsed.number: parsed for parsed in document.comments}
    tree_fields: dict[int, dict] = {}
    for tree_id, root in enumerate(children.get(None, []), start=1):
        counter = 0
        # Iterative depth-first walk: ("enter", n) numbers lft, ("leave", n) numbers rght.
        stack: list[tuple[str, int, int]] = [("enter", root, 0)]
        while stack:
            step, number, level = stack.pop()
            counter += 1
            if step == "enter":
                tree_fields[number] = {"tree_id": tree_id, "lft": counter, "level": level}
                stack.append(("leave", number, level))
                stack.extend(("enter", child, level + 1) for child in reversed(children.get(number, [])))
            else:
                tree_fields[number]["rght"] = counter
    for number in sorted(by_number):
        parsed = by_number[number]
        records.append(
            {
                "model": "comments.comment",
                "pk": number,
                "fields": {
                    "article": 1,
                    "parent": parsed.parent,
                    "author": None,
                    "author_name": parsed.author,
                    "body": parsed.body,
                    "markup": Comment.Markup.PLAIN,
                    "body_html": render_body(parsed.body, Comment.Markup.PLAIN),
                    "created": comment_time(published_at, number).isoformat(),
                    "edited": None,
                    "state": Comment.State.VISIBLE,
                    "public_reason": "",
                    "submission_key": None,
                    **tree_fields[number],
                },
            }
        )
    return records
