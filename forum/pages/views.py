"""The site's pages that compose articles and their discussions."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.assembled_response import render_with_assembled
from comments.assembly import Reader, assemble_thread
from comments.counts import with_comment_count, with_discussion_counts
from comments.layout import layout
from comments.models import ArticleVisit, Comment
from comments.models.thread_pages import ThreadPages, select
from comments.notifications.models import note_unread_count
from comments.ordering import sort_named
from comments.rows import fetch_rows
from forum.articles.models import Article
from forum.pages.page_cache import shared_with_anonymous_readers
from forum.pages.reader_state import as_read_by


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

    Context: `article` (with `comment_count`), `thread` (the discussion's HTML, assembled from
    stored pieces for this reader: comments/assembly.py), `entries` (comments/layout.py, of rows:
    comments/rows.py), `page` (a run of top-level comments, each with its replies, within the page's
    comment budget: comments/models/thread_pages.py; `?page=last` is the last) and `sort` ("old",
    "new" or "best": `?sort=new`, `?sort=best`). Two queries for a discussion that fits one page: the
    article with its comment count and its discussion's size, and the comment rows in reading order.
    A longer one reads its top-level comments' sizes (and under "best" their scores) to split it into
    pages, and the page of a thread larger than the budget reads its skeleton first, to find where it
    is cut. What the page shows of a signed-in reader
    comes with the article (forum/pages/reader_state.py): their votes, their previous visit, marking what
    is new (`new_count`, `first_new`; written at most once a minute), whether they follow it, their unread
    count and whether they are suspended (one more query to re-render pieces after a template change, and
    one for a moderator's view of removed comments).
    """
    articles = with_discussion_counts(Article.objects.published())
    article = get_object_or_404(as_read_by(articles, request.user), slug=slug)
    note_unread_count(request, article)
    sort = sort_named(request.GET.get("sort"))
    pages = ThreadPages.of_article(article, sort)
    page = pages.page(request.GET.get("page"))
    # Replies deeper than the page shows continue on their comment's own page: not fetched at all.
    comments = article.comments.filter(**pages.filter_on(page), level__lte=Comment.DISPLAY_DEPTH)
    selection = select(comments, sort=sort, whole=not pages.is_cut(page))
    reader = Reader.of(request.user, article)
    rows = fetch_rows(selection.comments.order_by("tree_id", "lft"), article=article, show_hidden_text=reader.moderator)
    reader.with_votes()
    rows = selection.arrange(rows, sort)
    entries = layout(rows, show_hidden_text=reader.moderator, max_depth=Comment.DISPLAY_DEPTH, more=selection.more)
    # A signed-in reader's comments new since their previous visit (a write at most once a minute).
    reader.with_visit(ArticleVisit.record(reader.user, article, reader.now), entries)
    context = {"article": article, "entries": entries, "page": page, "sort": sort}
    context.update(new_count=len(reader.new), first_new=reader.first_new)
    thread = assemble_thread(entries, reader, sort=sort)
    return render_with_assembled(request, "forum/article_detail.html", context, thread=thread)
