"""Searching on PostgreSQL: the stored tsvector columns, websearch_to_tsquery, ts_rank and ts_headline."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from forum.search import snippets
from forum.search.index_sql import CONFIG
from forum.search.terms import SearchTerms


def _vector(queryset: QuerySet) -> RawSQL:
    # The generated column the model does not declare (the database alone writes it).
    return RawSQL(f'"{queryset.model._meta.db_table}"."search_vector"', [], output_field=SearchVectorField())  # noqa: S611


def _query(terms: SearchTerms) -> SearchQuery:
    return SearchQuery(terms.websearch(), search_type="websearch", config=CONFIG)


def _matching(queryset: QuerySet, terms: SearchTerms) -> QuerySet:
    return queryset.alias(search_vector=_vector(queryset)).filter(search_vector=_query(terms))


def ranked_queryset(queryset: QuerySet, terms: SearchTerms, candidates: int) -> QuerySet:
    """The newest `candidates` rows matching `terms`, best first: ranking reads each row's vector,
    so a word in a fifth of all comments is ranked among its newest matches, not all of them."""
    matching = _matching(queryset, terms)
    # Counted through the GIN index first: a rare word's few matches are ranked as they are, and only a
    # common one's newest matches are looked for, walking back from the newest row.
    # (The oldest candidate is found in a query of its own: the raw column cannot go into a subquery.)
    if count(queryset, terms, candidates + 1) > candidates:
        cutoff = list(matching.order_by("-pk").values_list("pk", flat=True)[candidates - 1 : candidates])
        if cutoff:  # else rows were hidden since the count: every match is a candidate
            matching = matching.filter(pk__gte=cutoff.pop())
    return matching.annotate(rank=SearchRank(_vector(queryset), _query(terms))).order_by("-rank", "-pk")


def ranked(queryset: QuerySet, terms: SearchTerms, limit: int, candidates: int) -> list[tuple[int, float]]:
    """(pk, rank) of the best `limit` rows of `queryset` matching `terms`, best first."""
    return list(ranked_queryset(queryset, terms, candidates).values_list("pk", "rank")[:limit])


def count(queryset: QuerySet, terms: SearchTerms, limit: int) -> int:
    """How many rows match, counting no further than `limit`."""
    return _matching(queryset, terms).order_by().values("pk")[:limit].count()


def headlines(queryset: QuerySet, terms: SearchTerms, pks: list[int]) -> dict[int, str]:
    """The matching passages of these rows' bodies, matches between snippets.START and STOP."""
    headline = SearchHeadline(
        "body",
        _query(terms),
        config=CONFIG,
        start_sel=snippets.START,
        stop_sel=snippets.STOP,
        max_words=30,
        min_words=12,
    )
    return dict(queryset.filter(pk__in=pks).annotate(headline=headline).values_list("pk", "headline"))
