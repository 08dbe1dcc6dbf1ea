"""`{% load comment_tags %}`: the comment rules a page asks, and the new-comment form. Each filter asks
the model's own rule with the article the page already has, so a page needs no query per comment."""

from django import template
from django.conf import settings

from comments import models
from comments.forms import CommentForm

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    """`{% if user|is_moderator %}`: the same test the views use (permissions are cached on the user)."""
    return models.is_moderator(user)


@register.filter
def takes_replies(comment, article) -> bool:
    """`{% if comment|takes_replies:article %}` (a page without `article` in its context pays a query)."""
    return comment.accepts_replies(article or None)


@register.filter
def editable_by(comment, user) -> bool:
    return comment.is_editable_by(user)


@register.filter
def deletable_by(comment, user) -> bool:
    return comment.is_deletable_by(user)


@register.filter
def reportable_by(comment, user) -> bool:
    return comment.is_reportable_by(user)


@register.filter
def votable_by(comment, user) -> bool:
    return user.is_authenticated and models.comment_vote_refusal(comment, user) is None


@register.filter
def appealable_by(comment, user) -> bool:
    return comment.is_appealable_by(user)


@register.inclusion_tag("comments/_new_comment.html", takes_context=True)
def new_comment_form(context, article) -> dict:
    """The form for a new top-level comment at the foot of a discussion, with a fresh submission key."""
    user = context["request"].user
    closed = article.comment_refusal()
    return {
        "article": article,
        "user": user,
        "closed": closed,
        # A suspended reader is told here, rather than after typing a comment.
        "refusal": (
            # The article page reads whether the reader is suspended with the article (reader_suspended).
            models.account_refusal(user, suspended=getattr(article, "reader_suspended", None))
            if user.is_authenticated and not closed
            else None
        ),
        "form": CommentForm(),
        "here": f"{article.get_absolute_url()}#new-comment",
        "csrf_token": context.get("csrf_token"),
        "comment_max_length": settings.COMMENT_MAX_LENGTH,
    }
