from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat
from django.views.decorators.http import require_http_methods

from comments.models import Comment, Suspension, is_moderator
from comments.reports import ReportForm
from comments.thread import layout
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
