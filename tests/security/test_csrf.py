"""CSRF protection holds on every POST: no view is exempt, and a post without the right token changes nothing."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.crypto import get_random_string

from comments.models import Comment, ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_user

SOURCE_DIRECTORIES = ["forum", "comments"]


def test_no_view_in_the_source_is_csrf_exempt():
    offenders = []
    for directory in SOURCE_DIRECTORIES:
        for path in (settings.BASE_DIR / directory).rglob("*.py"):
            if re.search(r"\bcsrf_exempt\b", path.read_text()):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def every_view(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield str(pattern.pattern), pattern.callback


def test_no_routed_view_is_csrf_exempt():
    # Catches an exemption added by a third-party app or a decorator elsewhere too.
    exempt = [route for route, view in every_view() if getattr(view, "csrf_exempt", False)]
    assert exempt == []


@pytest.fixture
def setup(db):
    author = make_user("author")
    article = make_article()
    theirs = make_comment(article, author=make_user("other"), body="Someone else's comment.")
    own = make_comment(article, author=author, body="My comment.")
    staff = make_user("root", is_staff=True, is_superuser=True)
    hidden = make_comment(article, author=author, body="Hidden.")
    hidden.hide(by=staff, reason="spam")
    locked = make_comment(article, author=author, body="Locked.")
    locked.lock_replies(by=staff, reason="enough")
    return {
        "author": author,
        "staff": staff,
        "article": article,
        "theirs": theirs,
        "own": own,
        "hidden": hidden,
        "locked": locked,
    }


def writes(setup) -> list[tuple[str, str, dict]]:
    """(who, url, what a valid form posts) for every form that writes."""
    own, theirs = setup["own"], setup["theirs"]
    return [
        ("author", reverse("comments:comment_on_article", args=[setup["article"].slug]), {"body": "New."}),
        ("author", reverse("comments:reply", args=[theirs.pk]), {"body": "A reply."}),
        ("author", reverse("comments:edit", args=[own.pk]), {"body": "Edited."}),
        ("author", reverse("comments:delete", args=[own.pk]), {}),
        ("author", reverse("comments:report", args=[theirs.pk]), {"reason": "spam"}),
        ("author", reverse("logout"), {}),
        ("author", reverse("password_change"), {"old_password": "correct horse battery"}),
        ("anonymous", reverse("login"), {"username": "author", "password": "correct horse battery"}),
        ("anonymous", reverse("signup"), {"username": "newcomer", "password1": "a long pass phrase"}),
        ("anonymous", reverse("password_reset"), {"email": "author@example.com"}),
        (
            "staff",
            reverse("admin:comments_comment_changelist"),
            {"action": "hide_comments", "_selected_action": [theirs.pk], "apply": "1", "reason": "x"},
        ),
        ("staff", reverse("admin:forum_article_change", args=[setup["article"].pk]), {"title": "Changed"}),
        # A moderator's actions from the thread.
        ("staff", reverse("comments:hide", args=[theirs.pk]), {"preset": "spam"}),
        ("staff", reverse("comments:unhide", args=[setup["hidden"].pk]), {}),
        ("staff", reverse("comments:lock_replies", args=[theirs.pk]), {"preset": "spam"}),
        ("staff", reverse("comments:unlock_replies", args=[setup["locked"].pk]), {}),
        ("staff", reverse("comments:suspend_author", args=[theirs.pk]), {"length": "1d", "preset": "spam"}),
    ]


def fingerprint() -> list:
    return [
        list(Comment.objects.order_by("pk").values_list("pk", "body", "state", "replies_locked_at")),
        list(Report.objects.values_list("pk")),
        list(ModerationAction.objects.values_list("pk")),
        list(Suspension.objects.values_list("pk")),
        list(get_user_model().objects.order_by("pk").values_list("username", "password")),
    ]


@pytest.mark.parametrize(
    "token", ["missing", "wrong", "from another session"], ids=["no-token", "wrong-token", "stolen-token"]
)
def test_a_post_without_its_own_token_is_refused_and_changes_nothing(setup, token):
    before = fingerprint()
    other_secret = get_random_string(32)
    for who, url, data in writes(setup):
        client = Client(enforce_csrf_checks=True)
        if who != "anonymous":
            client.force_login(setup[who])
        client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(32)
        if token == "wrong":
            data = {**data, "csrfmiddlewaretoken": "x" * 32}
        elif token == "from another session":
            data = {**data, "csrfmiddlewaretoken": other_secret}  # valid for a different browser
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert fingerprint() == before, url


def test_pages_with_a_form_give_the_browser_its_token(setup):
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup["author"])
    response = client.get(reverse("comments:reply", args=[setup["theirs"].pk]))
    assert settings.CSRF_COOKIE_NAME in response.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    response = client.post(
        reverse("comments:reply", args=[setup["theirs"].pk]), {"body": "Hi", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="Hi").exists()
