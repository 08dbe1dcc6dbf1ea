"""A search's results: articles and comments readers may see, best matches first, a page at a time.

Each kind is ranked by its own index, once a search, its best MAX_RESULTS kept: that list is the count
and every page's slice, so nothing is counted apart from the ranking. Paging stops at MAX_RESULTS:
nobody reads page 60 of a search. Only the page's rows are loaded, with their passages.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet, Subquery
from django.utils.safestring import SafeString

from comments.models import Comment
from comments.models.thread_pages import place_all
from forum.articles.models import Article
from forum.search import postgresql, sqlite
from forum.search.snippets import snippet_html
from forum.search.terms import SearchTerms

MAX_RESULTS = 500  # 25 pages of 20
# On PostgreSQL, the newest matches of each kind ranked (see postgresql.ranked_queryset).
RANKED_CANDIDATES = 2_000


@dataclass
class Hit:
    """One result: an article or a comment, with its passage that matched."""

    kind: str  # "article" or "comment"
    item: Any
    rank: float
    snippet: SafeString

    @property
    def article(self) -> Article:
        return self.item if self.kind == "article" else self.item.article

    @property
    def url(self) -> str:
        return self.item.get_absolute_url()


def _backend():
    return postgresql if connection.vendor == "postgresql" else sqlite


def searchable_comments(*, article: Article | None = None, author: str = "") -> QuerySet:
    """Comments any reader may find: visible ones on published articles (the models' own rules)."""
    comments = Comment.objects.visible().on_published_articles()
    if article is not None:
        comments = comments.filter(article=article)
    if author:
        # An account's name, or the name an imported commenter without an account signed with. The account
        # is a scalar subquery (usernames are unique), not a join, so each side of the OR uses its index.
        account = Subquery(get_user_model().objects.filter(username=author).values("pk")[:1])
        comments = comments.filter(Q(author=account) | Q(author__isnull=True, author_name=author))
    return comments


class Results:
    """A lazily searched sequence for Django's Paginator: count() and slices, from one ranking of each kind."""

    def __init__(self, terms: SearchTerms, *, article: Article | None = None, author: str = "") -> None:
        self.terms = terms
        self.sources: dict[str, QuerySet] = {"comment": searchable_comments(article=article, author=author)}
        if article is None and not author:
            self.sources["article"] = Article.objects.published()
        self._ranked: list[tuple[float, str, int]] | None = None

    def ranked(self) -> list[tuple[float, str, int]]:
        """(rank, kind, pk) of the best MAX_RESULTS matches of both kinds, best first: one ranking query
        a kind (see the backends' `ranked`), which also gives the count, so no match is counted twice."""
        if self._ranked is None:
            by_kind = _backend().ranked(self.sources, self.terms, MAX_RESULTS, RANKED_CANDIDATES)
            ranked = [(rank, kind, pk) for kind, rows in by_kind.items() for pk, rank in rows]
            ranked.sort(key=lambda row: (-row[0], row[1], -row[2]))
            self._ranked = ranked[:MAX_RESULTS]
        return self._ranked

    def count(self) -> int:
        return len(self.ranked())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        return self._load(self.ranked()[index])

    def _load(self, page: list[tuple[float, str, int]]) -> list[Hit]:
        """The page's rows, with their passages, in one query a kind."""
        backend = _backend()
        by_kind: dict[str, list[int]] = {}
        for _rank, kind, pk in page:
            by_kind.setdefault(kind, []).append(pk)
        found: dict[tuple[str, int], tuple[Any, str]] = {}
        for kind, pks in by_kind.items():
            objects = self.sources[kind].filter(pk__in=pks).order_by()  # in rank order, below
            if kind == "comment":
                objects = objects.select_related("article", "author")
            found.update(((kind, item.pk), (item, text)) for item, text in backend.with_headlines(objects, self.terms))
        if comments := [item for (kind, _), (item, _) in found.items() if kind == "comment"]:
            # Where each is read, so its link names the right page without a query apiece.
            place_all(Comment.objects.all(), comments)
        # A row gone or hidden since it was ranked is left out.
        return [
            Hit(kind, found[kind, pk][0], rank, snippet_html(found[kind, pk][1] or ""))
            for rank, kind, pk in page
            if (kind, pk) in found
        ]
