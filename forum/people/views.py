"""A person's page: who they are here and what they have written."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from comments.models import Suspension, is_moderator
from forum.people.profiles import get_person_or_404, their_comments

COMMENTS_PER_PAGE = 20


def profile(request: HttpRequest, username: str) -> HttpResponse:
    """An account's comments, newest first, paged. Template: people/profile.html.

    Context: `person`, `comment_count` (the comments any reader sees), `suspension` (the active
    one or None), `moderator` (whether removed comments are listed, marked) and `page`.
    """
    person = get_person_or_404(username)
    moderator = is_moderator(request.user)
    context = {
        "person": person,
        "comment_count": their_comments(person).count(),
        "suspension": Suspension.active_for(person),
        "moderator": moderator,
        "page": Paginator(their_comments(person, moderator=moderator), COMMENTS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
    }
    return render(request, "people/profile.html", context)
