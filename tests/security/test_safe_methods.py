"""GET, HEAD and OPTIONS change nothing anywhere, even when they carry what a form would POST.

Links get prefetched, crawled and replayed; only a POST with a valid CSRF token may write.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from comments.models import Comment, CommentRevision, ModerationAction, Report, Suspension
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_user

WRITE_LIKE_QUERY = {
    "body": "written by a GET",
    "reason": "spam",
    "details": "reported by a GET",
    "action": "hide_comments",
    "apply": "1",
    "public": "on",
    "post": "yes",
}


def database_state() -> list:
    """Everything a request could change, as plain values."""
    return [
        list(Comment.objects.order_by("pk").values_list("pk", "state", "body", "edited", "public_reason", "lft")),
        list(CommentRevision.objects.values_list("pk")),
        list(Report.objects.order_by("pk").values_list("pk", "status")),
        list(Suspension.objects.order_by("pk").values_list("pk", "lifted_at")),
        list(ModerationAction.objects.values_list("pk")),
        list(Article.objects.order_by("pk").values_list("pk", "comments_open", "title")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "username", "password", "is_active")),
    ]


@pytest.fixture
def world(db):
    article = make_article()
    author = make_user("author")
    other = make_user("other")
    moderator = make_user("moderator", is_staff=True, is_superuser=True)
    own = make_comment(article, author=author)
    theirs = make_comment(article, author=other)
    Report.objects.create(comment=theirs, reporter=author, reason="spam")
    return {"article": article, "author": author, "moderator": moderator, "own": own, "theirs": theirs}


def endpoints(world) -> list[tuple[str, str]]:
    """(who, url) for every URL that changes state on POST."""
    own, theirs = world["own"].pk, world["theirs"].pk
    return [
        ("author", reverse("comments:comment_on_article", args=[world["article"].slug])),
        ("author", reverse("comments:reply", args=[theirs])),
        ("author", reverse("comments:edit", args=[own])),
        ("author", reverse("comments:delete", args=[own])),
        ("author", reverse("comments:report", args=[theirs])),
        ("author", reverse("password_change")),
        ("author", reverse("logout")),
        ("anonymous", reverse("signup")),
        ("anonymous", reverse("login")),
        ("moderator", reverse("admin:comments_comment_changelist")),
        ("moderator", reverse("admin:comments_comment_change", args=[own])),
        ("moderator", reverse("admin:comments_comment_delete", args=[own])),
        ("moderator", reverse("admin:forum_article_changelist")),
        ("moderator", reverse("admin:forum_article_change", args=[world["article"].pk])),
        ("moderator", reverse("admin:comments_report_changelist")),
        ("moderator", reverse("admin:comments_suspension_add")),
        ("moderator", reverse("admin:logout")),
    ]


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_safe_methods_change_nothing(world, method):
    before = database_state()
    for who, url in endpoints(world):
        client = Client()
        if who != "anonymous":
            client.force_login(world[who])
        sessions = Session.objects.count()
        response = getattr(client, method)(url, WRITE_LIKE_QUERY if method == "get" else None)
        assert response.status_code in {200, 302, 400, 403, 405}, (
            url,
            response.status_code,
        )  # 400: a list refuses a filter its sidebar does not offer
        assert database_state() == before, f"{method.upper()} {url} changed the database"
        assert Session.objects.count() == sessions, f"{method.upper()} {url} ended or made a session"


def test_logging_out_takes_a_post(world):
    client = Client()
    client.force_login(world["author"])
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("forum:front_page")).context["user"].is_authenticated
