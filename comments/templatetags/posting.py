from django import template

from comments.forms import CommentForm

register = template.Library()


@register.filter
def takes_replies(comment, article) -> bool:
    """`{% if comment|takes_replies:article %}`: Comment.accepts_replies without a query per comment
    for its article, which the page already has."""
    article = article or comment.article  # a page without `article` in its context pays one query
    return article.comments_open and comment.is_visible and comment.level < comment.MAX_DEPTH - 1


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
    return {
        "article": article,
        "user": request.user,
        "form": CommentForm(),
        "here": f"{article.get_absolute_url()}#new-comment",
        "csrf_token": context.get("csrf_token"),
    }
