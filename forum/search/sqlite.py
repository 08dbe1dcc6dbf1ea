"""Searching on SQLite: the FTS5 tables, ranked by bm25 and quoted with snippet().

Which rows may be found is the model's own queryset, compiled as a subquery asked of each match
(see `_within`), so the visibility rules are asked, not restated here.
"""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from forum.search import snippets
from forum.search.index_sql import ARTICLE_FTS, ARTICLE_TABLE, COMMENT_FTS, COMMENT_TABLE
from forum.search.terms import SearchTerms

# The FTS table of each searched table, bm25's weight for each of its columns, and where its body is.
_INDEXES = {COMMENT_TABLE: (COMMENT_FTS, "1.0", 0), ARTICLE_TABLE: (ARTICLE_FTS, "10.0, 5.0, 1.0", 2)}
SNIPPET_WORDS = 24


def _within(queryset: QuerySet) -> tuple[str, str, str, list]:
    """The FTS table, its bm25 weights, and a condition that its row is one of `queryset`'s, with its parameters.

    The condition is EXISTS, asked of each match by primary key: `rowid IN (subquery)` would be handed to
    FTS5 as a rowid to look up, one full-text query for each of the subquery's rows (seconds on 100,000
    comments), and even unindexed it builds the whole subquery's list for every search.
    """
    fts, weights, _body = _INDEXES[queryset.model._meta.db_table]
    own_row = queryset.filter(pk=RawSQL(f"{fts}.rowid", [])).values("pk")  # noqa: S611  a constant name
    sql, params = own_row.query.sql_with_params()
    return fts, weights, f"EXISTS ({sql})", list(params)


def ranked(
    sources: dict[str, QuerySet], terms: SearchTerms, limit: int, candidates: int
) -> dict[str, list[tuple[int, float]]]:
    """(pk, rank) of the best `limit` rows of each of `sources` matching `terms`, best first.

    bm25 scores from FTS5's own index, so every match is ranked: `candidates` is unused.
    """
    return {kind: _ranked(queryset, terms, limit) for kind, queryset in sources.items()}


def _ranked(queryset: QuerySet, terms: SearchTerms, limit: int) -> list[tuple[int, float]]:
    fts, weights, visible, params = _within(queryset)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({fts}, {weights}) AS score FROM {fts} "  # noqa: S608  names are constants
            f"WHERE {fts} MATCH %s AND {visible} ORDER BY score DESC, rowid DESC LIMIT %s",
            [terms.fts5(), *params, limit],
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]


def with_headlines(objects: QuerySet, terms: SearchTerms) -> list[tuple[object, str]]:
    """Each of `objects` (a page's rows) with the best passage of its body, matches between snippets.START and STOP."""
    items = list(objects)
    if not items:
        return []
    fts, _weights, body = _INDEXES[objects.model._meta.db_table]
    marks = ", ".join(["%s"] * len(items))
    with connections[objects.db].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet({fts}, {body}, %s, %s, %s, {SNIPPET_WORDS}) FROM {fts} "  # noqa: S608
            f"WHERE {fts} MATCH %s AND rowid IN ({marks})",
            [snippets.START, snippets.STOP, snippets.ELLIPSIS, terms.fts5(), *(item.pk for item in items)],
        )
        texts = dict(cursor.fetchall())
    return [(item, texts.get(item.pk, "")) for item in items]
