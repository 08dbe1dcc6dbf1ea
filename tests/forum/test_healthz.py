from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

from forum import health

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:hunter2-secret@127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


class BrokenCursor:
    def __enter__(self):
        raise OperationalError("could not connect to server at postgres://forum:hunter2-secret@db")

    def __exit__(self, *exc_info):
        return False


def test_a_healthy_host_answers_200_with_a_tiny_json_body(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies, "a probe must not start a session"


def test_no_login_is_needed(client, db):
    assert client.get("/healthz").status_code == 200


def test_an_unreachable_cache_answers_503_without_the_reason(client, db):
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "cache": "failing"}
    assert b"hunter2" not in response.content


def test_an_unreachable_database_answers_503_without_the_reason(client, db):
    with mock.patch.object(health.connection, "cursor", BrokenCursor):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}
    assert b"hunter2" not in response.content


def test_a_cache_that_loses_writes_is_failing(client, db, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: None)
    assert client.get("/healthz").status_code == 503


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_probes_are_not_redirected_to_https(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_reads_are_answered(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
