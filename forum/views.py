from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from comments.cache import cached_discussion
from comments.models import is_moderator
from comments.thread import layout
from forum.models import Article


def front_page(request: HttpRequest) -> HttpResponse:
    """Articles newest first, each with its comment count. Template: forum/front_page.html.

    Two queries whatever the page holds: the paginator's count, then the page of
    articles with their comment counts annotated in the same query.
    """
    # Explicit order: Django leaves out Meta.ordering from a query that groups, as the count does.
    articles = Article.objects.published().with_comment_count().order_by("-published", "-id")
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forum/front_page.html", {"page": page})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An article and one page of its discussion. Template: forum/article_detail.html.

    The discussion is paged by top-level comments, each with all its replies, and
    comes from one ordered query whatever its size: three queries in all (the
    article with its comment count, the count of top-level comments, the page's
    comments with their authors).

    Anonymous readers all see the same discussion, so with CACHE_DISCUSSIONS they share
    one rendering of each page and sort, stored under the discussion's version (two
    queries then). Signed-in readers have links of their own (edit, delete, report,
    moderate; moderators see hidden text too), so theirs is rendered for them.
    """
    article = get_object_or_404(Article.objects.published().with_comment_count(), slug=slug)
    newest = request.GET.get("sort") == "new"
    sort = "new" if newest else "old"
    roots = article.comments.roots().order_by("-tree_id" if newest else "tree_id").values_list("tree_id", flat=True)
    # get_page() never fails: a page number that is not a number, or is past the end, gives the first or last page.
    page = Paginator(roots, settings.THREAD_PAGE_SIZE).get_page(request.GET.get("page"))

    def render_thread() -> str:
        # Each top-level comment is its own tree, so the page's trees are a sliced subquery, not a list of ids.
        comments = article.comments.filter(tree_id__in=page.object_list).for_thread()
        entries = layout(comments, show_hidden_text=is_moderator(request.user), newest=newest)
        if not entries:
            return ""
        return render_to_string("comments/_thread.html", {"article": article, "entries": entries}, request)

    if settings.CACHE_DISCUSSIONS and not request.user.is_authenticated:
        # Everything else the fragment depends on; `comments_open` decides the reply links.
        variant = f"{sort}:{page.number}:{settings.THREAD_PAGE_SIZE}:{article.comments_open:d}:{get_language()}"
        thread = cached_discussion(article.pk, variant, render_thread)
    else:
        thread = render_thread()
    return render(
        request, "forum/article_detail.html", {"article": article, "thread": thread, "page": page, "sort": sort}
    )
