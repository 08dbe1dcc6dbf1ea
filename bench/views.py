"""Views only the benchmark serves: they measure the product's page against a baseline and a floor."""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.models import Comment
from forum.articles.models import Article

_floor_body: bytes | None = None


def set_floor_body(body: bytes) -> None:
    global _floor_body
    _floor_body = body


def floor(request: HttpRequest) -> HttpResponse:
    """The same bytes as the article page, through the same middleware, with no work at all.

    The runner hands the bytes over in-process; a gunicorn worker reads them once from
    the file named by BENCH_FLOOR_FILE.
    """
    global _floor_body
    if _floor_body is None:
        _floor_body = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()
    return HttpResponse(_floor_body, content_type="text/html; charset=utf-8")


def recursetree_thread(request: HttpRequest, slug: str) -> HttpResponse:
    """The baseline: the same discussion through django-mptt's {% recursetree %}, authors joined.

    Template: bench/recursetree.html, the tutorial's plain page: the author joined, bodies through
    |linebreaks, times through |timesince and |date. Like the article page, it shows comments down
    to Comment.DISPLAY_DEPTH, so both render the same comments.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    nodes = (
        article.comments.filter(level__lte=Comment.DISPLAY_DEPTH).select_related("author").order_by("tree_id", "lft")
    )
    return render(request, "bench/recursetree.html", {"article": article, "nodes": nodes})
