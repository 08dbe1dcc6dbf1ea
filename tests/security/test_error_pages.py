"""With DEBUG off, errors answer with the site's own pages: no traceback, settings or SQL."""

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from tests.builders import make_article, make_user

LEAK_MARKERS = ("Traceback", "SECRET_KEY", "DATABASES", "SELECT ", "django.db", "settings.py")


def assert_friendly(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "Threads" in html  # the site's own layout, not Django's bare page
    for marker in LEAK_MARKERS:
        assert marker not in html
    return html


def test_a_missing_page_is_a_friendly_404(db, client):
    assert_friendly(client.get("/no/such/page/"), 404, "Page not found")


def test_an_unknown_host_header_gets_400(db, client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert_friendly(response, 400, "Bad request")


@pytest.mark.parametrize("host", ["127.0.0.1:8000\r\nX-Injected: 1", "a" * 300, "[::1", "localhost@evil.com"])
def test_malformed_host_headers_get_400(db, client, host):
    assert client.get("/", HTTP_HOST=host).status_code == 400


def test_a_request_body_over_the_limit_gets_400(db, client, settings):
    oversized = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("login"), {"username": "alice", "password": oversized})
    assert_friendly(response, 400, "Bad request")


def test_a_raw_body_over_the_limit_gets_400(db, client, settings):
    body = b"a=" + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.generic("POST", reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_form_with_thousands_of_fields_gets_400(db, client):
    fields = {f"field{number}": "x" for number in range(5000)}
    response = client.post(reverse("login"), fields)
    assert_friendly(response, 400, "Bad request")


def test_a_form_with_thousands_of_repeated_fields_gets_400(db, client):
    body = "&".join(["body=x"] * 5000)
    response = client.generic("POST", reverse("login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_post_without_a_csrf_token_gets_the_friendly_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": "whatever"})
    assert_friendly(response, 403, "This form has expired")


def test_an_unexpected_error_is_a_friendly_500(db, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("a bug with SECRET_KEY in its message")

    monkeypatch.setattr("django.contrib.auth.views.LoginView.get", explode)
    response = Client(raise_request_exception=False).get(reverse("login"))
    assert_friendly(response, 500, "Something went wrong")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_an_unreachable_database_answers_503_without_querying(db, monkeypatch, error):
    article_url = make_article(title="Kept").get_absolute_url()
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(1)
        raise error('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    with monkeypatch.context() as patched:  # undone before the test database is rolled back
        patched.setattr(connection, "cursor", refuse)
        response = Client(raise_request_exception=False).get(article_url)
    html = assert_friendly(response, 503, "Briefly unavailable")
    assert response["Retry-After"].isdigit()
    assert "Connection refused" not in html
    assert len(attempts) == 1  # the 503 page itself needed no query


def test_the_site_answers_normally_once_the_database_is_back(db, monkeypatch):
    article_url = make_article(title="Still here").get_absolute_url()
    client = Client(raise_request_exception=False)
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", lambda *a, **k: (_ for _ in ()).throw(OperationalError("down")))
        assert client.get(article_url).status_code == 503
    response = client.get(article_url)
    assert response.status_code == 200
    assert "Still here" in response.content.decode()


def test_an_unreachable_redis_answers_503_to_a_signed_in_reader(db, settings):
    # With REDIS_URL, sessions are read through Redis (cached_db): a signed-in reader's request
    # needs it, and gets the friendly 503 while it is down rather than a 500.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    article_url = make_article(title="Cached").get_absolute_url()
    client = Client(raise_request_exception=False)
    client.force_login(make_user("reader"))
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert_friendly(client.get(article_url), 503, "Briefly unavailable")
