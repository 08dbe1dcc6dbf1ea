"""Everything the forum holds about one account, as one JSON-ready document (the "download my data" file).

Comments are written as `export_thread` writes them (the same field names, every field the
model has but the derived HTML and the tree's numbering), each with its earlier versions,
plus the article it belongs to by slug.
"""

import uuid
from datetime import date, datetime
from typing import Any

from comments.models import ArticleVisit, Comment, CommentRevision, Report
from comments.transfer import DERIVED_COMMENT_FIELDS, TREE_FIELDS

FORMAT = "threads.account"
VERSION = 1
ACCOUNT_FIELDS = ("username", "email", "first_name", "last_name", "date_joined", "last_login")


def _plain(value: Any) -> Any:
    # As export_thread writes them: dates at full precision, UUIDs as text.
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _fields(row, exclude: set[str]) -> dict[str, Any]:
    return {
        field.attname if field.is_relation else field.name: _plain(field.value_from_object(row))
        for field in row._meta.concrete_fields
        if field.name not in exclude and not field.primary_key
    }


def account_data(user) -> dict[str, Any]:
    """The account's own fields, every comment it wrote (whatever its state) with its history, its reports,
    and when it last read each article's discussion (and the visit before: what "new" is counted from)."""
    comments = list(Comment.objects.filter(author=user).select_related("article").order_by("created", "pk"))
    revisions: dict[int, list] = {}
    for revision in CommentRevision.objects.filter(comment__in=comments).order_by("replaced_at", "pk"):
        revisions.setdefault(revision.comment_id, []).append(
            {"body": revision.body, "replaced_at": _plain(revision.replaced_at)}
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "account": {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS},
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.slug,
                **_fields(comment, {"article", "author", *TREE_FIELDS, *DERIVED_COMMENT_FIELDS}),
                "revisions": revisions.get(comment.pk, []),
            }
            for comment in comments
        ],
        "reports": [
            {
                "comment": report.comment_id,
                "reason": report.reason,
                "details": report.details,
                "created": _plain(report.created),
            }
            for report in Report.objects.filter(reporter=user).order_by("created", "pk")
        ],
        "article_visits": [
            {
                "article": visit.article.slug,
                "seen_at": _plain(visit.seen_at),
                "previous_seen_at": _plain(visit.previous_seen_at),
            }
            for visit in ArticleVisit.objects.filter(user=user).select_related("article").order_by("seen_at", "pk")
        ],
    }
