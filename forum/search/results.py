"""A search's results: articles and comments readers may see, best matches first, a page at a time.

Each kind is ranked by its own index; a page is the best of both merged, so the work is the
top (page number times page size) rows of each kind, never every match. Paging stops at MAX_RESULTS: nobody
reads page 60 of a search, and the cost of a page grows with its depth.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
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
        # An account's name, or the name an imported commenter without an account signed with.
        comments = comments.filter(Q(author__username=author) | Q(author__isnull=True, author_name=author))
    return comments


class Results:
    """A lazily searched sequence for Django's Paginator: count() and slices."""

    def __init__(self, terms: SearchTerms, *, article: Article | None = None, author: str = "") -> None:
        self.terms = terms
        self.sources: dict[str, QuerySet] = {"comment": searchable_comments(article=article, author=author)}
        if article is None and not author:
            self.sources["article"] = Article.objects.published()
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            backend = _backend()
            total = sum(backend.count(queryset, self.terms, MAX_RESULTS) for queryset in self.sources.values())
            self._count = min(total, MAX_RESULTS)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        start, stop = index.start or 0, min(index.stop or MAX_RESULTS, MAX_RESULTS)
        if start >= stop:
            return []
        backend = _backend()
        ranked = [
            (rank, kind, pk)
            for kind, queryset in self.sources.items()
            for pk, rank in backend.ranked(queryset, self.terms, stop, RANKED_CANDIDATES)
        ]
        ranked.sort(key=lambda row: (-row[0], row[1], -row[2]))
        page = ranked[start:stop]
        return self._load(page, backend)

    def _load(self, page: list[tuple[float, str, int]], backend) -> list[Hit]:
        hits = []
        by_kind: dict[str, list[int]] = {}
        for _rank, kind, pk in page:
            by_kind.setdefault(kind, []).append(pk)
        rows: dict[tuple[str, int], Any] = {}
        texts: dict[tuple[str, int], str] = {}
        for kind, pks in by_kind.items():
            queryset = self.sources[kind]
            objects = queryset.filter(pk__in=pks)
            if kind == "comment":
                objects = list(objects.select_related("article", "author"))
                # Where each is read, so its link names the right page without a query apiece.
                place_all(Comment.objects.all(), objects)
            rows.update(((kind, item.pk), item) for item in objects)
            texts.update(((kind, pk), text) for pk, text in backend.headlines(queryset, self.terms, pks).items())
        for rank, kind, pk in page:
            if (kind, pk) in rows:  # gone or hidden since it was ranked: left out
                hits.append(Hit(kind, rows[kind, pk], rank, snippet_html(texts.get((kind, pk), ""))))
        return hits
