from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.models import Comment, is_moderator
from comments.thread import layout


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment with its replies, its ancestors above it for context. Template: comments/comment_detail.html."""
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    moderator = is_moderator(request.user)
    ancestors = comment.get_ancestors().select_related("author")
    subtree = comment.get_descendants(include_self=True).select_related("author")
    context = {
        "comment": comment,
        "article": comment.article,
        "ancestors": layout(ancestors, show_hidden_text=moderator, max_depth=10_000),
        "entries": layout(subtree, show_hidden_text=moderator),
    }
    return render(request, "comments/comment_detail.html", context)
