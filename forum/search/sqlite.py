"""Searching on SQLite: the FTS5 tables, ranked by bm25 and quoted with snippet().

Which rows may be found is the model's own queryset, compiled as a subquery, so the visibility
rules are asked, not restated here.
"""

from django.db import connection
from django.db.models import QuerySet

from forum.search import snippets
from forum.search.index_sql import ARTICLE_FTS, ARTICLE_TABLE, COMMENT_FTS, COMMENT_TABLE
from forum.search.terms import SearchTerms

# The FTS table of each searched table, bm25's weight for each of its columns, and where its body is.
_INDEXES = {COMMENT_TABLE: (COMMENT_FTS, "1.0", 0), ARTICLE_TABLE: (ARTICLE_FTS, "10.0, 5.0, 1.0", 2)}
SNIPPET_WORDS = 24


def _within(queryset: QuerySet) -> tuple[str, str, str, list]:
    fts, weights, _body = _INDEXES[queryset.model._meta.db_table]
    sql, params = queryset.values("pk").query.sql_with_params()
    return fts, weights, sql, list(params)


def ranked(queryset: QuerySet, terms: SearchTerms, limit: int, candidates: int) -> list[tuple[int, float]]:
    """(pk, rank) of the best `limit` rows of `queryset` matching `terms`, best first.

    FTS5 ranks from its own index without reading the rows, so every match is ranked: `candidates` is unused.
    """
    fts, weights, sql, params = _within(queryset)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({fts}, {weights}) AS score FROM {fts} "  # noqa: S608  names are constants
            f"WHERE {fts} MATCH %s AND rowid IN ({sql}) ORDER BY score DESC, rowid DESC LIMIT %s",
            [terms.fts5(), *params, limit],
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]


def count(queryset: QuerySet, terms: SearchTerms, limit: int) -> int:
    """How many rows match, counting no further than `limit`."""
    fts, _weights, sql, params = _within(queryset)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH %s AND rowid IN ({sql}) LIMIT %s)",  # noqa: S608
            [terms.fts5(), *params, limit],
        )
        return cursor.fetchone()[0]


def headlines(queryset: QuerySet, terms: SearchTerms, pks: list[int]) -> dict[int, str]:
    """The best passage of each row's body, matches between snippets.START and STOP."""
    fts, _weights, body = _INDEXES[queryset.model._meta.db_table]
    if not pks:
        return {}
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({fts}, {body}, %s, %s, %s, {SNIPPET_WORDS}) FROM {fts} "  # noqa: S608
            f"WHERE {fts} MATCH %s AND rowid IN ({marks})",
            [snippets.START, snippets.STOP, snippets.ELLIPSIS, terms.fts5(), *pks],
        )
        return dict(cursor.fetchall())
