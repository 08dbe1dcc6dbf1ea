"""Links a page prints for every comment, reversed cheaply, and who counts as a moderator."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# A primary key no comment will ever have, reversed in place of the real one.
_PLACEHOLDER_PK = 9_007_199_254_740_993


@lru_cache(maxsize=64)
def _url_pattern(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf, kwargs={"pk": _PLACEHOLDER_PK})


def comment_url(name: str, pk: int) -> str:
    """reverse(name, kwargs={"pk": pk}), for the links a page prints for every one of its comments.

    reverse() walks the resolver on every call, a large share of a thousand-comment page; the
    pattern is reversed once per URLconf and script prefix, and the pk written into it.
    """
    pattern = _url_pattern(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return pattern.replace(str(_PLACEHOLDER_PK), str(pk))


def is_moderator(user) -> bool:
    """Staff who may change comments: they see hidden text and moderation links."""
    return user.is_authenticated and user.is_staff and user.has_perm("comments.change_comment")
