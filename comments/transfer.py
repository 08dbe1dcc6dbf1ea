"""An article and its whole discussion as one JSON document, and back.

The export keeps everything a thread is: every comment in reading order whatever its
state (hidden and deleted ones included), its earlier versions, the reports on it and
the moderation log about it. Fields are read from the models themselves, so a field
added later travels too. Users are named by username; comment references use the ids
of the exporting database, which the import maps to the fresh rows it writes.

The import writes every comment through `Comment.objects.insert`, the locked path
that allocates tree ids and places replies, in reading order (each parent before its
replies, siblings in their order), so the rebuilt trees have the same shape and the
same numbering; states, edit times and the article's open/closed flag are restored
afterwards, since the locked path rightly refuses replies to removed comments.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from comments import pieces
from comments.models import Comment, CommentRevision, ModerationAction, Report
from comments.validation import find_control_character
from forum.articles.models import Article

FORMAT = "threads.thread"
VERSION = 1
# Computed from other fields when a comment is saved, so never exported.
DERIVED_COMMENT_FIELDS = {"body_html", "piece_html", "piece_version"}
TREE_FIELDS = {"tree_id", "lft", "rght", "level"}
# What Comment.objects.insert() itself takes; every other comment field is restored after insertion.
INSERT_FIELDS = {"parent", "author", "author_name", "body", "markup", "created", "submission_key"}


class TransferError(Exception):
    """The document cannot be imported as it stands (wrong format, dangling reference, slug taken)."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()  # full precision: DjangoJSONEncoder would drop microseconds
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


class _Exporter:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.user_model = get_user_model()
        self.usernames: dict[int, str] = {}

    def dump(self, obj: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
        skipped = set(exclude)
        data: dict[str, Any] = {}
        for field in obj._meta.concrete_fields:
            if field.primary_key or field.name in skipped:
                continue
            value = field.value_from_object(obj)
            if field.is_relation:
                data[field.name] = self.reference(field, value)
            else:
                data[field.name] = _plain(value)
        return data

    def reference(self, field: models.Field, value: Any) -> Any:
        if value is None:
            return None
        if field.related_model is self.user_model:
            self.usernames.setdefault(value, "")
            return value  # replaced by the username once every user id is known
        if field.related_model is Comment:
            return value
        if field.related_model is Article:
            if value != self.article.pk:
                raise TransferError(f"{field.model.__name__}.{field.name} points outside the article")
            return True  # "this article": the import links it to the article it creates
        raise TransferError(f"{field.model.__name__}.{field.name}: no way to export a link to {field.related_model}")

    def name_users(self, records: Iterable[dict], fields: dict[str, set[str]]) -> None:
        """Swap user ids for usernames in place, in one query for all of them."""
        named = self.user_model.objects.filter(pk__in=list(self.usernames))
        self.usernames.update((user.pk, user.get_username()) for user in named)
        for record in records:
            for name in fields[record["_kind"]]:
                if record.get(name) is not None:
                    record[name] = self.usernames[record[name]]
            del record["_kind"]


def _user_fields(model: type[models.Model]) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is get_user_model()
    }


def export_thread(article: Article) -> dict[str, Any]:
    """The article and its whole discussion as JSON-ready data."""
    exporter = _Exporter(article)
    comments = list(article.comments.order_by("tree_id", "lft"))
    comment_ids = [comment.pk for comment in comments]
    records: list[dict] = []

    def collect(kind: str, rows: Iterable[models.Model], exclude: set[str]) -> list[dict]:
        dumped = [{"_kind": kind, "id": row.pk, **exporter.dump(row, exclude=exclude)} for row in rows]
        records.extend(dumped)
        return dumped

    thread_comments = collect("comment", comments, {"article", *TREE_FIELDS, *DERIVED_COMMENT_FIELDS})
    revisions = collect(
        "revision",
        CommentRevision.objects.filter(comment__in=comment_ids).order_by("comment_id", "replaced_at", "pk"),
        set(),
    )
    reports = collect("report", Report.objects.filter(comment__in=comment_ids).order_by("created", "pk"), set())
    moderation = collect(
        "moderation",
        ModerationAction.objects.filter(models.Q(article=article) | models.Q(comment__in=comment_ids)).order_by(
            "created", "pk"
        ),
        set(),
    )
    exporter.name_users(
        records,
        {
            "comment": _user_fields(Comment),
            "revision": _user_fields(CommentRevision),
            "report": _user_fields(Report),
            "moderation": _user_fields(ModerationAction),
        },
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "article": exporter.dump(article),
        "users": sorted(name for name in exporter.usernames.values() if name),
        "comments": thread_comments,
        "revisions": revisions,
        "reports": reports,
        "moderation": moderation,
    }


def _strings(value: Any, where: str = "document") -> Iterable[tuple[str, str]]:
    """Every string in a decoded JSON document, with where it is (`comments[3].body`)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where != "document" else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


class _Importer:
    def __init__(self, document: dict[str, Any], *, create_users: bool) -> None:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise TransferError(f"not a thread export (expected format {FORMAT!r})")
        if document.get("version") != VERSION:
            raise TransferError(f"export version {document.get('version')!r} is not supported (expected {VERSION})")
        self.document = document
        self.create_users = create_users
        self.user_model = get_user_model()
        self.users: dict[str, Any] = {}
        self.comments: dict[int, Comment] = {}  # exported id -> new row
        self.created_users: list[str] = []
        self.missing_users: list[str] = []
        self.article: Article | None = None

    def check(self) -> None:
        """Everything that can be known before writing: the slug is free, users exist, replies follow parents."""
        try:
            slug = self.document["article"]["slug"]
            comments = self.document["comments"]
        except (KeyError, TypeError):
            raise TransferError("the document has no article or no comments list") from None
        if Article.objects.filter(slug=slug).exists():
            raise TransferError(f"an article with slug {slug!r} already exists")
        # Like every other write path: PostgreSQL refuses NUL (a crash half-way), the rest is junk.
        for where, text in _strings(self.document):
            if (found := find_control_character(text)) is not None:
                raise TransferError(f"{where}: a control character (U+{ord(found):04X}) in {text[:40]!r}")
        seen: set[int] = set()
        for number, record in enumerate(comments, start=1):
            if record.get("parent") is not None and record["parent"] not in seen:
                raise TransferError(f"comment #{number} (id {record.get('id')}) comes before its parent")
            seen.add(record["id"])
        for kind in ("revisions", "reports", "moderation"):
            for record in self.document.get(kind, []):
                if record.get("comment") is not None and record["comment"] not in seen and kind != "moderation":
                    raise TransferError(f"a record in {kind} refers to comment {record['comment']}, not in the file")
        usernames = set(self.document.get("users", []))
        found = {
            user.get_username(): user
            for user in self.user_model._default_manager.filter(**{f"{self.user_model.USERNAME_FIELD}__in": usernames})
        }
        missing = sorted(usernames - set(found))
        username_field = self.user_model._meta.get_field(self.user_model.USERNAME_FIELD)
        for username in missing:
            try:  # a name sign-up would refuse is not created by an import either
                username_field.clean(username, None)
            except ValidationError as error:
                raise TransferError(f"user {username!r} cannot be created: {' '.join(error.messages)}") from None
        if missing and not self.create_users:
            raise TransferError(f"unknown users: {', '.join(missing)} (create them, or pass --create-users)")
        self.users = found
        self.missing_users = missing

    def value(self, model: type[models.Model], name: str, raw: Any) -> tuple[str, Any]:
        """The model attribute and Python value for one exported field."""
        field = model._meta.get_field(name)
        if not field.is_relation:
            # clean(), not just to_python(): the file is input like any form, so lengths, choices
            # and URL schemes (no javascript: source link) are checked as the admin would.
            return field.attname, field.clean(raw, None)
        if raw is None:
            return field.name, None
        if field.related_model is self.user_model:
            return field.name, self.users[raw]
        if field.related_model is Comment:
            # None for a moderation entry about a comment already deleted when the thread was exported.
            return field.name, self.comments.get(raw)
        if field.related_model is Article:
            return field.name, self.article
        raise TransferError(f"{model.__name__}.{name}: cannot import a link to {field.related_model}")

    def values(self, model: type[models.Model], record: dict[str, Any], skip: set[str]) -> dict[str, Any]:
        return dict(self.value(model, name, raw) for name, raw in record.items() if name not in skip)

    def write(self) -> Article:
        for username in self.missing_users:
            # No password given: an unusable one, so the account is claimed through a password reset.
            user = self.user_model._default_manager.create_user(**{self.user_model.USERNAME_FIELD: username})
            self.users[username] = user
            self.created_users.append(username)
        fields = self.values(Article, self.document["article"], set())
        comments_open = fields.pop("comments_open", True)
        article = self.article = Article.objects.create(**fields, comments_open=True)
        restore: list[tuple[int, dict[str, Any]]] = []
        for record in self.document["comments"]:
            # An export made before comments were read as Markdown holds plain text only.
            record = {"markup": Comment.Markup.PLAIN, **record}
            inserted = self.values(Comment, {k: v for k, v in record.items() if k in INSERT_FIELDS}, set())
            comment = Comment.objects.insert(
                article, parent=inserted.pop("parent", None), body=inserted.pop("body"), **inserted
            )
            self.comments[record["id"]] = comment
            restore.append((comment.pk, self.values(Comment, record, {"id", *INSERT_FIELDS})))
        for pk, later in restore:
            if later:
                # A plain UPDATE: states and edit times change nothing in the tree; the piece is rendered below.
                Comment.objects.filter(pk=pk).update(**later, **pieces.STALE)
        article.comments.refresh_stale_pieces()
        if not comments_open:
            Article.objects.filter(pk=article.pk).update(comments_open=False)
            article.comments_open = False
        CommentRevision.objects.bulk_create(
            CommentRevision(**self.values(CommentRevision, record, {"id"}))
            for record in self.document.get("revisions", [])
        )
        Report.objects.bulk_create(
            Report(**self.values(Report, record, {"id"})) for record in self.document.get("reports", [])
        )
        entries = [
            ModerationAction(**self.values(ModerationAction, record, {"id"}))
            for record in self.document.get("moderation", [])
        ]
        # Not ModerationAction.objects.record(): these actions were written to the audit log when
        # they were taken, and restoring the history is not taking them again.
        ModerationAction.objects.bulk_create(entries)
        return article


def import_thread(document: dict[str, Any], *, create_users: bool = False, dry_run: bool = False) -> "ImportResult":
    """Write the exported article and discussion into this database, in one transaction."""
    importer = _Importer(document, create_users=create_users)
    importer.check()
    result = ImportResult(
        title=document["article"].get("title", ""),
        slug=document["article"]["slug"],
        comments=len(document["comments"]),
        revisions=len(document.get("revisions", [])),
        reports=len(document.get("reports", [])),
        moderation=len(document.get("moderation", [])),
        new_users=importer.missing_users,
    )
    if not dry_run:
        with transaction.atomic():
            result.article = importer.write()
    return result


class ImportResult:
    def __init__(self, *, title, slug, comments, revisions, reports, moderation, new_users) -> None:
        self.title, self.slug = title, slug
        self.comments, self.revisions, self.reports, self.moderation = comments, revisions, reports, moderation
        self.new_users: list[str] = new_users
        self.article: Article | None = None

    def __str__(self) -> str:
        users = f", {len(self.new_users)} new user(s)" if self.new_users else ""
        return (
            f"{self.title!r} ({self.slug}): {self.comments} comments, {self.revisions} earlier versions, "
            f"{self.reports} reports, {self.moderation} moderation entries{users}"
        )
