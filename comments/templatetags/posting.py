from django import template

from comments.forms import CommentForm
from comments.posting import posting_refusal

register = template.Library()


@register.filter
def takes_replies(comment, article) -> bool:
    """`{% if comment|takes_replies:article %}`: Comment.accepts_replies with the article the page
    already has, so no query per comment (a page without `article` in its context pays one)."""
    return comment.accepts_replies(article or None)


@register.filter
def editable_by(comment, user) -> bool:
    """`{% if comment|editable_by:user %}`: the model's own rule (author, visible, within the edit window)."""
    return comment.is_editable_by(user)


@register.filter
def deletable_by(comment, user) -> bool:
    return comment.is_deletable_by(user)


@register.inclusion_tag("comments/_new_comment.html", takes_context=True)
def new_comment_form(context, article) -> dict:
    """The form for a new top-level comment at the foot of a discussion, with a fresh submission key."""
    request = context["request"]
    user = request.user
    return {
        "article": article,
        "user": user,
        # A suspended reader is told so here, rather than after typing a comment.
        "refusal": posting_refusal(user) if user.is_authenticated and article.comments_open else None,
        "form": CommentForm(),
        "here": f"{article.get_absolute_url()}#new-comment",
        "csrf_token": context.get("csrf_token"),
    }
