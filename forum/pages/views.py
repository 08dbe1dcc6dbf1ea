"""The site's pages that compose articles and their discussions."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.counts import with_comment_count
from comments.layout import layout
from comments.models import Comment, is_moderator
from forum.articles.models import Article
from forum.pages.page_cache import shared_with_anonymous_readers


def front_page(request: HttpRequest) -> HttpResponse:
    """Articles newest first, each with its comment count. Template: forum/front_page.html.

    Two queries whatever the page holds: the paginator's count, then the page of
    articles with their comment counts annotated in the same query.
    """
    # Explicit order: Django leaves out Meta.ordering from a query that groups, as the count does.
    articles = with_comment_count(Article.objects.published()).order_by("-published", "-id")
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forum/front_page.html", {"page": page})


@shared_with_anonymous_readers
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An article and one page of its discussion. Template: forum/article_detail.html.

    Context: `article` (with `comment_count`), `entries` (comments/layout.py), `page` (of
    top-level comments, each with all its replies) and `sort` ("old" or "new", `?sort=new`).
    Three queries whatever the discussion's size: the article with its comment count, the count
    of top-level comments, and the page's comments with their authors, in reading order.
    """
    article = get_object_or_404(with_comment_count(Article.objects.published()), slug=slug)
    sort = "new" if request.GET.get("sort") == "new" else "old"
    roots = (
        article.comments.roots().order_by("-tree_id" if sort == "new" else "tree_id").values_list("tree_id", flat=True)
    )
    # get_page() never fails: a page number that is not a number, or is past the end, gives the first or last page.
    page = Paginator(roots, settings.THREAD_PAGE_SIZE).get_page(request.GET.get("page"))
    # Each top-level comment is its own tree, so the page's trees are a sliced subquery, not a list of ids.
    # Replies deeper than the page shows continue on their comment's own page: not fetched at all.
    comments = list(
        article.comments.filter(tree_id__in=page.object_list, level__lte=Comment.DISPLAY_DEPTH).for_thread()
    )
    for comment in comments:
        comment.article = article  # the page's own row: the rules its links ask need no query per comment
    entries = layout(
        comments, show_hidden_text=is_moderator(request.user), newest=sort == "new", max_depth=Comment.DISPLAY_DEPTH
    )
    context = {"article": article, "entries": entries, "page": page, "sort": sort}
    return render(request, "forum/article_detail.html", context)
