"""Every HTML page, error pages included, carries the Content-Security-Policy."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.builders import make_article, make_comment, make_user

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_policy(response) -> None:
    directives = policy(response)
    for name, value in REQUIRED.items():
        assert directives.get(name) == value, (name, directives.get(name))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.fixture
def urls(db) -> list[str]:
    article = make_article()
    comment = make_comment(article)
    return [
        reverse("forum:front_page"),
        article.get_absolute_url(),
        comment.get_permalink(),
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("admin:login"),
        "/no/such/page/",
    ]


def test_reading_account_and_admin_pages_carry_the_policy(client, urls):
    for url in urls:
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html")
        assert_policy(response)


def test_signed_in_and_admin_pages_carry_the_policy(client, db):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    for url in [reverse("admin:index"), reverse("admin:comments_comment_changelist"), reverse("password_change")]:
        assert_policy(client.get(url))


def test_error_pages_carry_the_policy(db, monkeypatch):
    assert_policy(Client().get("/", HTTP_HOST="evil.example"))  # 400
    assert_policy(Client(enforce_csrf_checks=True).post(reverse("login"), {}))  # 403
    article_url = make_article().get_absolute_url()
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", lambda *a, **k: (_ for _ in ()).throw(OperationalError("down")))
        response = Client(raise_request_exception=False).get(article_url)
    assert response.status_code == 503
    assert_policy(response)


def test_no_nonce_is_sent_on_pages_without_inline_script(client, urls):
    # A nonce nobody uses would only widen the policy; django-csp adds one only when asked.
    for url in urls:
        assert "nonce-" not in client.get(url)["Content-Security-Policy"]
