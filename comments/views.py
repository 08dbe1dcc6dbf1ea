from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from comments.models import Comment, is_moderator
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
