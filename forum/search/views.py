"""The search page."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from forum.articles.models import Article
from forum.search import throttle
from forum.search.results import Results
from forum.search.terms import QueryTooLong, clean_query, read_terms, without_control_characters

RESULTS_PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    """Articles and comments matching `q`, best first. Template: search/results.html.

    Context: `query` (as cleaned), `article` and `author` (the filters, from `article=<slug>`
    and `author=<name>`), `page` (of forum.search.results.Hit) or None when there is nothing to
    search for, `error` (why the query was refused). 400 for a query too long, 429 past the
    per-address rate.
    """
    author = without_control_characters(request.GET.get("author", ""))[:150]
    context = {"query": "", "article": None, "author": author, "page": None}
    try:
        context["query"] = query = clean_query(request.GET.get("q", ""))
    except QueryTooLong as error:
        return render(request, "search/results.html", {**context, "error": str(error)}, status=400)
    slug = without_control_characters(request.GET.get("article", ""))[:200]
    if slug:
        context["article"] = Article.objects.published().filter(slug=slug).first()
    terms = read_terms(query)
    if not terms.is_meaningful or (slug and context["article"] is None):
        return render(request, "search/results.html", context)
    if (wait := throttle.retry_after(request)) is not None:
        error = "Too many searches from your address in the last minute; try again shortly."
        response = render(request, "search/results.html", {**context, "error": error}, status=429)
        response["Retry-After"] = str(wait)
        return response
    results = Results(terms, article=context["article"], author=context["author"])
    context["page"] = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/results.html", context)
