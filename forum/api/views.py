"""The JSON API's addresses: an article's discussion, one comment's thread, a person, and the API's description."""

import re

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from comments.budget import size
from comments.counts import with_discussion_counts
from comments.models import Comment, Suspension
from comments.models.thread_pages import ThreadPages, select
from forum.api import documents
from forum.api.openapi import openapi_document
from forum.api.responses import BadRequest, api_view, json_response
from forum.articles.models import Article
from forum.people.profiles import get_person_or_404, their_comments
from forum.people.views import COMMENTS_PER_PAGE

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
USERNAME = re.compile(r"[\w.@+-]{1,150}")
ID = re.compile(r"[0-9]{1,18}")
PAGE = re.compile(r"[1-9][0-9]{0,8}")
AFTER = re.compile(r"[1-9][0-9]{0,17}")


def _page(request: HttpRequest, items, per_page: int):
    raw = request.GET.get("page", "1")
    if not PAGE.fullmatch(raw):
        raise BadRequest("page must be a whole number from 1.")
    try:
        return Paginator(items, per_page).page(int(raw))
    except EmptyPage:
        raise Http404("There is no page with that number.") from None


def _check(pattern: re.Pattern, value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise Http404(f"No {what} has that address.")
    return value


@api_view
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """An article and one page of its discussion as a tree: the article page's paging, page budget and depth."""
    articles = with_discussion_counts(Article.objects.published())
    article = get_object_or_404(articles, slug=_check(SLUG, slug, "article"))
    pages = ThreadPages.of_article(article, "old")
    page = _page(request, pages.runs, 1)  # one page of the discussion is one run of top-level threads
    comments = article.comments.filter(**pages.filter_on(page), level__lte=Comment.DISPLAY_DEPTH)
    selection = select(comments, sort="old", whole=not pages.is_cut(page))
    return json_response(
        request,
        {
            "article": documents.article_document(article),
            "page": documents.page_document(page, f"/a/{article.slug}.json"),
            "comments": documents.nested(
                selection.comments.for_thread(), deepest_level=Comment.DISPLAY_DEPTH, more=selection.more
            ),
        },
    )


@api_view
def comment(request: HttpRequest, pk: str) -> HttpResponse:
    """One comment with its replies, as deep as its own page shows them and within the page budget;
    `?after=<id>` continues past the reply `id`, as a `more_url` says."""
    found = get_object_or_404(
        Comment.objects.on_published_articles().select_related("article", "author"), pk=int(_check(ID, pk, "comment"))
    )
    after = request.GET.get("after")
    if after is not None and not AFTER.fullmatch(after):
        raise BadRequest("after must be the id of a reply.")
    deepest = found.level + Comment.DISPLAY_DEPTH
    subtree = found.get_descendants(include_self=True).filter(level__lte=deepest)
    whole = size(found) <= settings.THREAD_PAGE_COMMENTS
    selection = select(subtree, sort="old", whole=whole, after=int(after) if after else None)
    shown = selection.comments.order_by("tree_id", "lft").select_related("author")
    return json_response(
        request,
        {
            "article": documents.article_summary(found.article),
            "comment": documents.nested(shown, deepest_level=deepest, more=selection.more)[0],
        },
    )


@api_view
def person(request: HttpRequest, username: str) -> HttpResponse:
    """A person, and one page of their visible comments, newest first."""
    person = get_person_or_404(_check(USERNAME, username, "account"))
    page = _page(request, their_comments(person).select_related("author"), COMMENTS_PER_PAGE)
    suspension = Suspension.active_for(person)
    comments = [
        {**documents.comment_document(item), "article": documents.article_summary(item.article)}
        for item in page.object_list
    ]
    return json_response(
        request,
        {
            "user": {
                "username": person.get_username(),
                "url": reverse("people:profile", kwargs={"username": person.get_username()}),
                "joined": person.date_joined,
                "comment_count": page.paginator.count,
                "suspended_until": suspension.until if suspension else None,
            },
            "page": documents.page_document(page, reverse("api:person", kwargs={"username": person.get_username()})),
            "comments": comments,
        },
    )


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    """This API's OpenAPI 3.1 description."""
    return json_response(request, openapi_document())
