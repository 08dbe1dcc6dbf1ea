"""Voting from the page: a small POST form under each comment, sent in place by static/js/votes.js."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comments.models import Comment, VoteRefused, unvote, upvote
from comments.models.vote import VotingTooFast
from comments.ordering import sort_named
from forum.accounts.addresses import client_ip


@require_POST
@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Up-vote a comment (`vote=up`) or take the vote back (`vote=down`), then return to it.

    A refusal is the page comments/vote_refused.html (`comment`, `refusal`) with 403, or 429 when
    voting too fast; the page's script gets {"count", "voted"} or {"refusal"} as JSON.
    """
    comment = get_object_or_404(Comment.objects.on_published_articles().select_related("article"), pk=pk)
    wanted = request.POST.get("vote") != "down"
    try:
        (upvote if wanted else unvote)(comment, by=request.user, address=client_ip(request))
    except VoteRefused as refused:
        status = 429 if isinstance(refused, VotingTooFast) else 403
        if request.headers.get("Accept", "").startswith("application/json"):
            response = JsonResponse({"refusal": str(refused)}, status=status)
        else:
            context = {"comment": comment, "refusal": str(refused)}
            response = render(request, "comments/vote_refused.html", context, status=status)
        if isinstance(refused, VotingTooFast):
            response["Retry-After"] = str(refused.retry_after)
        return response
    count = Comment.objects.filter(pk=pk).values_list("vote_count", flat=True).get()
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"count": count, "voted": wanted})
    messages.success(request, "Your vote is counted." if wanted else "Your vote is taken back.")
    # Back to the comment under the order the reader was reading in (the page's vote form carries it).
    return redirect(comment.get_absolute_url(sort_named(request.POST.get("sort"))))
