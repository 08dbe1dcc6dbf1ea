import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat
from django.views.decorators.http import require_http_methods

from comments.forms import CommentBodyForm, CommentForm
from comments.models import Comment, Suspension, is_moderator
from comments.posting import PostingRefused, RateLimited, post_comment, posting_refusal
from comments.reports import ReportForm
from comments.thread import layout
from comments.tree import ReplyRejected
from forum.models import Article


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment with its replies, its ancestors above it for context. Template: comments/comment_detail.html.

    Context: `comment`, `article`, `ancestors` and `entries` (comments/thread.py layouts), and
    `discussion_url`, the article page holding the thread. Four queries whatever the thread's size.
    """
    published = Comment.objects.filter(article__in=Article.objects.published())
    comment = get_object_or_404(published.select_related("article", "author"), pk=pk)
    moderator = is_moderator(request.user)
    ancestors = list(comment.get_ancestors().select_related("author"))
    subtree = comment.get_descendants(include_self=True).select_related("author")
    root = ancestors[0] if ancestors else comment
    root.article = comment.article  # the same row: spares get_absolute_url() a query
    context = {
        "comment": comment,
        "article": comment.article,
        "ancestors": layout(ancestors, show_hidden_text=moderator, max_depth=len(ancestors)),
        "entries": layout(subtree, show_hidden_text=moderator),
        "discussion_url": root.get_absolute_url(),
    }
    return render(request, "comments/comment_detail.html", context)


def _page(request: HttpRequest, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    return render(request, template, context, status=status)


def _write_comment(request: HttpRequest, *, article: Article, parent: Comment | None) -> HttpResponse:
    """Show the form, or post it: shared by a top-level comment and a reply."""
    form = CommentForm(request.POST) if request.method == "POST" else CommentForm()
    context = {"article": article, "parent": parent, "form": form}
    if parent is not None:
        refusal = parent.reply_refusal()
    else:
        refusal = None if article.comments_open else "Comments are closed on this article."
    refusal = posting_refusal(request.user) or refusal
    if refusal:
        return _page(request, "comments/reply.html", {**context, "refusal": refusal}, status=403)
    if not form.is_bound or not form.is_valid():
        return _page(request, "comments/reply.html", context, status=400 if form.is_bound else 200)
    try:
        comment = post_comment(
            article,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            submission_key=form.cleaned_data["submission_key"],
        )
    except RateLimited as limited:
        response = _page(request, "comments/reply.html", {**context, "refusal": str(limited)}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except (PostingRefused, ReplyRejected) as refused:
        return _page(request, "comments/reply.html", {**context, "refusal": str(refused)}, status=403)
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def comment_on_article(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a new top-level comment on an article. Template: comments/reply.html.

    Context: `article`, `parent` (None), `form` (comments.forms.CommentForm), and `refusal`, a
    sentence saying why nothing was posted (comments closed, suspended, too fast), if any.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return _write_comment(request, article=article, parent=None)


@require_http_methods(["GET", "POST"])
@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply to a comment; the parent comes from the URL only. Template: comments/reply.html.

    Context as comment_on_article, with `parent`. A parent that does not exist (any more) gets
    a 404 page that still shows the text that was typed, so nothing is lost.
    """
    parent = (
        Comment.objects.filter(article__in=Article.objects.published())
        .select_related("article", "author")
        .filter(pk=pk)
        .first()
    )
    if parent is None:
        form = CommentForm(request.POST) if request.method == "POST" else CommentForm()
        refusal = "The comment you are replying to does not exist: it may have been removed with its thread."
        return _page(request, "comments/reply.html", {"form": form, "refusal": refusal, "gone": True}, status=404)
    return _write_comment(request, article=parent.article, parent=parent)


def _edit_refusal(comment: Comment, user) -> str | None:
    if comment.author_id != user.pk:
        return "You can only edit your own comments."
    if not comment.is_visible:
        return "This comment was removed, so it can no longer be edited."
    if not comment.is_editable_by(user):
        return (
            f"Comments can be edited for {settings.COMMENT_EDIT_WINDOW_MINUTES} minutes after they are posted; "
            "the time for this one has passed."
        )
    return posting_refusal(user)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own comment within the edit window. Template: comments/edit.html.

    Context: `comment`, `article`, `form` (comments.forms.CommentBodyForm) and `refusal`, if any.
    Earlier texts are kept as revisions (Comment.edit) and the comment shows "edited".
    """
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    if request.method == "POST":
        form = CommentBodyForm(request.POST)
    else:
        form = CommentBodyForm(initial={"body": comment.body})
    context = {"comment": comment, "article": comment.article, "form": form}
    if refusal := _edit_refusal(comment, request.user):
        return _page(request, "comments/edit.html", {**context, "refusal": refusal}, status=403)
    if not form.is_bound or not form.is_valid():
        return _page(request, "comments/edit.html", context, status=400 if form.is_bound else 200)
    try:
        comment.edit(by=request.user, body=form.cleaned_data["body"])
    except PermissionDenied:  # the window closed, or the comment was removed, while the form was open
        comment.refresh_from_db()
        refusal = _edit_refusal(comment, request.user) or "This comment can no longer be edited."
        return _page(request, "comments/edit.html", {**context, "refusal": refusal}, status=403)
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one's own comment: it shows as "[deleted]", keeping its place and replies.
    Template: comments/delete.html (`comment`, `article`, and `refusal` for another's comment).
    """
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    context = {"comment": comment, "article": comment.article}
    if not comment.is_deletable_by(request.user):
        refusal = (
            "You can only delete your own comments."
            if comment.author_id != request.user.pk
            else "This comment is already deleted."
        )
        return _page(request, "comments/delete.html", {**context, "refusal": refusal}, status=403)
    if request.method == "GET":
        return _page(request, "comments/delete.html", context)
    with contextlib.suppress(PermissionDenied):  # deleted in another tab meanwhile: the outcome wanted
        comment.delete_by_author(by=request.user)
    messages.success(request, "Your comment was deleted. Replies to it stay in the discussion.")
    return redirect(comment.get_absolute_url())


@require_http_methods(["GET", "POST"])
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a comment to the moderators, once per reader. Template: comments/report.html.

    Context: `comment`, and `form` (comments.reports.ReportForm), or `refusal`, a sentence
    saying why this reader cannot report this comment (suspended, their own, already removed).
    """
    published = Comment.objects.filter(article__in=Article.objects.published())
    comment = get_object_or_404(published.select_related("article", "author"), pk=pk)
    suspension = Suspension.active_for(request.user)
    refusal = ""
    if suspension is not None:
        refusal = (
            f"You are suspended until {dateformat.format(suspension.until, 'j F Y, H:i')} UTC, so you cannot report "
            f"comments until then. The reason given: {suspension.reason}"
        )
    elif not comment.is_reportable_by(request.user):
        refusal = (
            "This is your own comment: you can edit or delete it instead."
            if comment.author_id == request.user.pk
            else "This comment has already been removed from the discussion."
        )
    if refusal:
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
