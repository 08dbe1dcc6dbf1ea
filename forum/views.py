import time

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from comments.cache import FRAGMENT_TIMEOUT, cached_discussion
from comments.models import is_moderator
from comments.thread import DISPLAY_DEPTH, layout
from forum.models import Article
from forum.replica import from_primary


def front_page(request: HttpRequest) -> HttpResponse:
    """Articles newest first, each with its comment count. Template: forum/front_page.html.

    Two queries whatever the page holds: the paginator's count, then the page of
    articles with their comment counts annotated in the same query.
    """
    # Explicit order: Django leaves out Meta.ordering from a query that groups, as the count does.
    articles = Article.objects.published().with_comment_count().order_by("-published", "-id")
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forum/front_page.html", {"page": page})


# The only query parameters a shared copy of an article page may answer: any other would
# change the page's own links ("Log in" returns to the full path) for everyone given the copy.
SHARED_PAGE_PARAMETERS = frozenset({"page", "sort"})


def sees_the_shared_page(request: HttpRequest) -> bool:
    """An anonymous reader with nothing of their own on the page: no message waiting, no other parameter."""
    return (
        not request.user.is_authenticated
        and set(request.GET) <= SHARED_PAGE_PARAMETERS
        and not len(messages.get_messages(request))  # len() reads them without marking them shown
    )


# Slugs of published articles this process served lately, with their ids: a shared page needs no
# query at all. Safe because saving or deleting an article moves its discussion version, so the
# copy an id leads to is re-rendered, and a gone or unpublished article answers 404 at once.
_article_ids: dict[str, tuple[float, int]] = {}
ARTICLE_IDS_KEPT = 10_000


def published_article_id(slug: str) -> int | None:
    now = time.monotonic()
    found = _article_ids.get(slug)
    if found is not None and found[0] > now:
        return found[1]
    article_id = Article.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    if article_id is not None:
        if len(_article_ids) >= ARTICLE_IDS_KEPT:
            _article_ids.clear()
        _article_ids[slug] = (now + FRAGMENT_TIMEOUT, article_id)
    return article_id


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An article and one page of its discussion. Template: forum/article_detail.html.

    With CACHE_DISCUSSIONS, anonymous readers share one copy of the whole page, per page,
    sort and language, stored under the discussion's version, so that a write shows on the
    next request everywhere: no query once the article's id is known, and one read of the
    shared cache (the version) when this process holds the copy. Anyone else gets the page
    rendered by article_page().
    """
    if settings.CACHE_DISCUSSIONS and sees_the_shared_page(request):
        article_id = published_article_id(slug)
        if article_id is None:
            raise Http404("No article has that address.")

        def render_page() -> bytes:
            # A copy is re-rendered after every write to the article: check afresh that the slug
            # still names it, so that no other article is ever stored under its key.
            _article_ids.pop(slug, None)
            if published_article_id(slug) != article_id:
                raise SlugMoved
            return article_page(request, slug).content

        variant = f"page:{request.get_full_path()}:{settings.THREAD_PAGE_SIZE}:{get_language()}"
        try:
            # A copy shared under the new version must hold the write: rendered from the primary, not a replica.
            return HttpResponse(cached_discussion(article_id, variant, from_primary(render_page)))
        except SlugMoved:
            pass
    return article_page(request, slug)


class SlugMoved(Exception):
    """The article a slug named was deleted, unpublished or renamed since this process looked it up."""


def article_page(request: HttpRequest, slug: str) -> HttpResponse:
    """An article and one page of its discussion, rendered for this request.

    The discussion is paged by top-level comments, each with all its replies, and
    comes from one ordered query whatever its size: three queries in all (the
    article with its comment count, the count of top-level comments, the page's
    comments with their authors).

    Anonymous readers all see the same discussion, so with CACHE_DISCUSSIONS they share
    one rendering of it per page and sort (when the page itself is not shared: a message
    waiting for them, another parameter). Signed-in readers have links of their own (edit,
    delete, report, moderate; moderators see hidden text too), so theirs is rendered for them.
    """
    article = get_object_or_404(Article.objects.published().with_comment_count(), slug=slug)
    newest = request.GET.get("sort") == "new"
    sort = "new" if newest else "old"
    roots = article.comments.roots().order_by("-tree_id" if newest else "tree_id").values_list("tree_id", flat=True)
    # get_page() never fails: a page number that is not a number, or is past the end, gives the first or last page.
    page = Paginator(roots, settings.THREAD_PAGE_SIZE).get_page(request.GET.get("page"))

    def render_thread() -> str:
        # Each top-level comment is its own tree, so the page's trees are a sliced subquery, not a list of ids.
        # Replies deeper than the page shows continue on their comment's own page: not fetched at all.
        comments = article.comments.filter(tree_id__in=page.object_list, level__lte=DISPLAY_DEPTH).for_thread()
        entries = layout(comments, show_hidden_text=is_moderator(request.user), newest=newest)
        if not entries:
            return ""
        return render_to_string("comments/_thread.html", {"article": article, "entries": entries}, request)

    if settings.CACHE_DISCUSSIONS and not request.user.is_authenticated:
        # Everything else the fragment depends on; `comments_open` decides the reply links.
        variant = f"{sort}:{page.number}:{settings.THREAD_PAGE_SIZE}:{article.comments_open:d}:{get_language()}"
        thread = cached_discussion(article.pk, variant, from_primary(render_thread))
    else:
        thread = render_thread()
    return render(
        request, "forum/article_detail.html", {"article": article, "thread": thread, "page": page, "sort": sort}
    )
