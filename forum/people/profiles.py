"""Whose page a name leads to, and which of their comments a reader may see there."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from comments.models import Comment

PROFILE_UNUSED_FIELDS = ("password", "email", "first_name", "last_name", "last_login")


def get_person_or_404(username: str):
    """The active account named `username`; a closed (deleted) account has no page."""
    accounts = get_user_model().objects.filter(is_active=True).defer(*PROFILE_UNUSED_FIELDS)
    return get_object_or_404(accounts, username=username)


def their_comments(person, *, moderator: bool = False) -> QuerySet:
    """The person's comments on published articles, newest first; removed ones only for moderators."""
    comments = Comment.objects.on_published_articles().filter(author=person)
    if not moderator:
        comments = comments.visible()
    return comments.select_related("article").order_by("-created", "-pk")
