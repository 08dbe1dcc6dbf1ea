"""Pages and forms of one comment: its own page, writing, editing, deleting and reporting.

Each write view is a few lines: the form, one model verb that decides under the locks, a redirect.
The refusal a page shows comes from the same model rule the verb asks.
"""

import re
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from comments.assembled_response import render_with_assembled
from comments.assembly import Reader, assemble_ancestors, assemble_thread
from comments.budget import size
from comments.forms import CommentBodyForm, CommentForm, ReportForm
from comments.layout import layout
from comments.models import (
    Comment,
    PostingRefused,
    RateLimited,
    SubmissionKeyReused,
    account_refusal,
)
from comments.models.posting import PARENT_GONE
from comments.models.thread_pages import page_address, place, select
from comments.ordering import sort_named
from comments.rendering import render_preview
from comments.rows import fetch_rows
from forum.accounts.addresses import client_ip
from forum.articles.models import Article


def _reachable() -> "Comment.objects":
    return Comment.objects.on_published_articles().select_related("article", "author")


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment with its replies, its ancestors above it for context. Template: comments/comment_detail.html.

    Context: `comment`, `article`, `ancestors` and `entries` (comments/layout.py layouts of rows),
    `ancestors_html` and `thread` (assembled from stored pieces: comments/assembly.py), `sort`, `after`
    (`?after=<id>`: the replies after that one, continuing a page's cut) and `discussion_url`, the article
    page holding the comment (or its nearest ancestor shown there), at it. Its replies are held to the
    page budget as an article page's are (comments/models/thread_pages.py). Four queries whatever the
    thread's size: the comment, its ancestors, its replies, its article's top-level threads; one more
    to cut replies over the budget, one more to place a comment past a cut (and one for a signed-in
    reader's votes).
    """
    comment = get_object_or_404(_reachable(), pk=pk)
    sort = sort_named(request.GET.get("sort"))
    after = int(request.GET["after"]) if ID.fullmatch(request.GET.get("after", "")) else None
    reader = Reader.of(request.user, comment.article)
    fetch = partial(fetch_rows, article=comment.article, show_hidden_text=reader.moderator)
    ancestors = fetch(comment.get_ancestors())
    replies = comment.get_descendants(include_self=True).filter(level__lte=comment.level + Comment.DISPLAY_DEPTH)
    selection = select(replies, sort=sort, whole=size(comment) <= settings.THREAD_PAGE_COMMENTS, after=after)
    subtree = selection.arrange(fetch(selection.comments.order_by("tree_id", "lft"), above=ancestors), sort)
    reader.with_votes()
    comment_ancestors = layout(ancestors, show_hidden_text=reader.moderator, max_depth=len(ancestors))
    entries = layout(
        subtree,
        show_hidden_text=reader.moderator,
        max_depth=Comment.DISPLAY_DEPTH,
        more=selection.more,
        above=comment_ancestors,
    )
    placement = place(Comment.objects.filter(article_id=comment.article_id), comment, sort, ancestors=ancestors)
    context = {
        "comment": comment,
        "article": comment.article,
        "ancestors": comment_ancestors,
        "entries": entries,
        "sort": sort,
        "after": after,
        "discussion_url": page_address(comment.article, placement.page, sort, placement.anchor),
    }
    return render_with_assembled(
        request,
        "comments/comment_detail.html",
        context,
        ancestors_html=assemble_ancestors(comment_ancestors, reader),
        thread=assemble_thread(entries, reader, sort=sort),
    )


ID = re.compile(r"[0-9]{1,18}")


def _write(request: HttpRequest, *, article: Article, parent: Comment | None) -> HttpResponse:
    """Show the form, preview it, or post it: shared by a top-level comment and a reply.

    Template: comments/reply.html. A form sent by the page's script (Accept: application/json)
    gets the same answer as JSON, so a refusal shows under the inline form with the text kept.
    """
    form = CommentForm(request.POST) if request.method == "POST" else CommentForm()
    context = {"article": article, "parent": parent, "form": form}
    if request.method == "GET" or not form.is_valid() or "preview" in request.POST:
        # The page says at once why nothing can be posted here; posting asks the same rules again, under the lock.
        refusal = account_refusal(request.user) or (parent.reply_refusal() if parent else article.comment_refusal())
        status = 403 if refusal else (400 if form.errors else 200)
        if not refusal and not form.errors and form.is_bound:
            context["preview"] = render_preview(form.cleaned_data["body"])
        return _answer(request, "comments/reply.html", {**context, "refusal": refusal}, status=status)
    fields = {
        "author": request.user,
        "body": form.cleaned_data["body"],
        "submission_key": form.cleaned_data["submission_key"],
        "address": client_ip(request),
    }
    try:
        if parent is None:
            comment = Comment.objects.start_thread(article, **fields)
        else:
            comment = Comment.objects.reply(parent, **fields)
    except PostingRefused as refused:
        if isinstance(refused, SubmissionKeyReused):
            context["form"] = form.with_new_key()
        response = _answer(
            request, "comments/reply.html", {**context, "refusal": str(refused)}, status=_status(refused)
        )
        if isinstance(refused, RateLimited):
            response["Retry-After"] = str(refused.retry_after)
        return response
    if _wants_json(request):
        return JsonResponse({"location": comment.get_absolute_url()})
    return redirect(comment.get_absolute_url())


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _answer(request: HttpRequest, template: str, context: dict, *, status: int) -> HttpResponse:
    """The page, or for the page's script the parts of it that it shows in place."""
    if not _wants_json(request):
        return render(request, template, context, status=status)
    form = context["form"]
    answer = {
        "refusal": context.get("refusal") or "",
        "errors": [str(error) for error in form.errors.get("body", [])] if form.is_bound else [],
        "preview": context.get("preview", ""),
        "submission_key": str(form["submission_key"].value() or ""),
    }
    return JsonResponse(answer, status=status)


def _status(refused: PostingRefused) -> int:
    if isinstance(refused, RateLimited):
        return 429
    if isinstance(refused, SubmissionKeyReused):
        return 409
    return 403


@require_http_methods(["GET", "POST"])
@login_required
def comment_on_article(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a new top-level comment on an article. Template: comments/reply.html.

    Context: `article`, `parent` (None), `form` (comments.forms.CommentForm), and `refusal`, a
    sentence saying why nothing was posted (comments closed, suspended, too fast), if any.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return _write(request, article=article, parent=None)


@require_http_methods(["GET", "POST"])
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply to a comment; the parent comes from the URL only. Template: comments/reply.html.

    Context as comment_on_article, with `parent`. A parent that does not exist (any more) gets
    a 404 page that still shows the text that was typed, so nothing is lost.
    """
    parent = _reachable().filter(pk=pk).first()
    if parent is None:
        form = CommentForm(request.POST) if request.method == "POST" else CommentForm()
        return render(request, "comments/reply.html", {"form": form, "refusal": PARENT_GONE, "gone": True}, status=404)
    return _write(request, article=parent.article, parent=parent)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own comment within the edit window. Template: comments/edit.html.

    Context: `comment`, `article`, `form` (comments.forms.CommentBodyForm) and `refusal`, if any.
    Earlier texts are kept as revisions (Comment.edit) and the comment shows "edited".
    """
    comment = get_object_or_404(_reachable(), pk=pk)
    form = (
        CommentBodyForm(request.POST) if request.method == "POST" else CommentBodyForm(initial={"body": comment.body})
    )
    context = {"comment": comment, "article": comment.article, "form": form}
    if request.method == "GET" or not form.is_valid():
        refusal = comment.edit_refusal(request.user)
        status = 403 if refusal else (400 if form.is_bound else 200)
        return render(request, "comments/edit.html", {**context, "refusal": refusal}, status=status)
    try:
        comment.edit(by=request.user, body=form.cleaned_data["body"])
    except PermissionDenied as refused:  # decided under the lock: the window closed, or it was removed, meanwhile
        return render(request, "comments/edit.html", {**context, "refusal": str(refused)}, status=403)
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one's own comment: it shows as "[deleted]", keeping its place and replies.
    Template: comments/delete.html (`comment`, `article`, and `refusal`, if any).
    """
    comment = get_object_or_404(_reachable(), pk=pk)
    context = {"comment": comment, "article": comment.article}
    if request.method == "GET":
        refusal = comment.delete_refusal(request.user)
        return render(request, "comments/delete.html", {**context, "refusal": refusal}, status=403 if refusal else 200)
    try:
        comment.delete_by_author(by=request.user)
    except PermissionDenied as refused:  # decided under the lock: deleted in another tab, or removed, meanwhile
        return render(request, "comments/delete.html", {**context, "refusal": str(refused)}, status=403)
    messages.success(request, "Your comment was deleted. Replies to it stay in the discussion.")
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a comment to the moderators, once per reader. Template: comments/report.html.

    Context: `comment`, and `form` (comments.forms.ReportForm), or `refusal`, a sentence
    saying why this reader cannot report this comment (suspended, their own, already removed).
    """
    comment = get_object_or_404(_reachable(), pk=pk)
    if refusal := comment.report_refusal(request.user):
        return render(request, "comments/report.html", {"comment": comment, "refusal": refusal}, status=403)
    if comment.reports.filter(reporter=request.user).exists():
        messages.info(request, "You have already reported this comment; the moderators have it.")
        return redirect(comment.get_absolute_url())
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        comment.report(by=request.user, **form.cleaned_data)
        messages.success(request, "Thank you: the moderators will look at this comment.")
        return redirect(comment.get_absolute_url())
    status = 400 if form.is_bound else 200
    return render(request, "comments/report.html", {"comment": comment, "form": form}, status=status)
