"""Plain builder functions for tests: each makes one object with sensible defaults."""

from itertools import count

from django.contrib.auth import get_user_model

from comments.models import Comment
from forum.articles.models import Article

_sequence = count(1)


def make_user(username: str | None = None, *, password: str = "correct horse battery", **fields):
    username = username or f"user{next(_sequence)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_article(title: str = "An article", **fields) -> Article:
    number = next(_sequence)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    return Article.objects.create(title=title, **fields)


def make_comment(article: Article, parent: Comment | None = None, *, body: str | None = None, **fields) -> Comment:
    body = body if body is not None else f"Comment number {next(_sequence)}."
    return Comment.objects.insert(article, parent=parent, body=body, **fields)


def make_chain(article: Article, length: int, **fields) -> list[Comment]:
    """A reply chain `length` comments deep: each one answers the one before."""
    chain: list[Comment] = []
    for _ in range(length):
        chain.append(make_comment(article, chain[-1] if chain else None, **fields))
    return chain


def make_moderator(username: str | None = None, **fields):
    """A staff user in the Moderators group (made by the post_migrate handler)."""
    from comments.moderators import make_moderator as promote

    user = make_user(username, **fields)
    promote(user)
    return user
