"""Searching on PostgreSQL: the stored tsvector columns, websearch_to_tsquery, ts_rank and ts_headline.

A search asks each searched table one ranking query (see `ranked`), and loads the rows of the page
it shows, with their passages, in one more (`with_headlines`).
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVectorField
from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from forum.search import snippets
from forum.search.index_sql import CONFIG
from forum.search.terms import SearchTerms

# The searched tables are small enough to stay in memory, where a page read at random costs about what a
# page read in order does; PostgreSQL's default (4) assumes a spinning disk. Set for the search's transaction.
PLANNED_FOR_MEMORY = "SET LOCAL random_page_cost = 1.1"


def _vector(queryset: QuerySet) -> RawSQL:
    # The generated column the model does not declare (the database alone writes it).
    return RawSQL(f'"{queryset.model._meta.db_table}"."search_vector"', [], output_field=SearchVectorField())  # noqa: S611


def _query(terms: SearchTerms) -> SearchQuery:
    return SearchQuery(terms.websearch(), search_type="websearch", config=CONFIG)


def matching(queryset: QuerySet, terms: SearchTerms) -> QuerySet:
    """The rows of `queryset` matching `terms`, found through the GIN index, each with its `vector`."""
    return queryset.annotate(vector=_vector(queryset)).filter(vector=_query(terms))


def ranking_sql(candidates: QuerySet, terms: SearchTerms, limit: int) -> tuple[str, list]:
    """SQL for (pk, rank, how many candidates) of the best `limit` of `candidates` (a sliced `matching`)."""
    inner, params = candidates.values("pk", "vector").query.sql_with_params()
    sql = (
        "SELECT pk, ts_rank(vector, websearch_to_tsquery(%s::regconfig, %s)) AS rank, count(*) OVER () AS total "  # noqa: S608  Django's SQL
        f"FROM ({inner}) AS candidates ORDER BY rank DESC, pk DESC LIMIT %s"
    )
    return sql, [CONFIG, terms.websearch(), *params, limit]


def ranked(
    sources: dict[str, QuerySet], terms: SearchTerms, limit: int, candidates: int
) -> dict[str, list[tuple[int, float]]]:
    """(pk, rank) of the best `limit` rows of each of `sources` matching `terms`, best first, ranked among
    its newest `candidates` matches: ts_rank reads each candidate's vector from the table, and a common
    word can match a fifth of all comments.

    One query a source: the planner finds the newest matches walking back the primary key for a common
    word, through the GIN index (then sorting them) for a rarer one. It is planned as for tables in memory
    (PLANNED_FOR_MEMORY, in one transaction for all the sources): with the default cost it walks back for
    a word in one comment in twenty, reading several times the rows the index would. A phrase first ranks
    any `candidates` + 1 matches through the index: the planner counts a phrase's matches as if its words
    had only to appear, and walking back for a rare phrase of common words reads the whole table.
    """
    database = next(iter(sources.values())).db
    with transaction.atomic(using=database), connections[database].cursor() as cursor:
        cursor.execute(PLANNED_FOR_MEMORY)
        return {kind: _ranked(cursor, queryset, terms, limit, candidates) for kind, queryset in sources.items()}


def _ranked(cursor, queryset: QuerySet, terms: SearchTerms, limit: int, candidates: int) -> list[tuple[int, float]]:
    rows = matching(queryset, terms).order_by()
    if terms.has_phrase:
        cursor.execute(*ranking_sql(rows[: candidates + 1], terms, limit))
        found = cursor.fetchall()
        if not found or found[0][2] <= candidates:
            return [(pk, rank) for pk, rank, _total in found]
    cursor.execute(*ranking_sql(rows.order_by("-pk")[:candidates], terms, limit))
    return [(pk, rank) for pk, rank, _total in cursor.fetchall()]


def with_headlines(objects: QuerySet, terms: SearchTerms) -> list[tuple[object, str]]:
    """Each of `objects` (a page's rows) with the matching passage of its body, matches between
    snippets.START and STOP, in the query that loads them: ts_headline runs on these rows only."""
    headline = SearchHeadline(
        "body",
        _query(terms),
        config=CONFIG,
        start_sel=snippets.START,
        stop_sel=snippets.STOP,
        max_words=30,
        min_words=12,
    )
    return [(item, item.search_headline) for item in objects.annotate(search_headline=headline)]
