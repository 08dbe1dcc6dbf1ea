import json
import logging

import pytest
from django.test import override_settings

from forum.logs import JsonFormatter
from tests.builders import make_article, make_user
from tests.log_capture import captured_log

FORGERY = '\n{"level":"CRITICAL","message":"forged"}\r\u2028\u0085\x1b[31m\x7f'


def test_each_request_logs_one_line_with_method_path_status_duration_and_id(client, db):
    path = make_article().get_absolute_url()
    with captured_log() as log:
        response = client.get(path)
    [entry] = log.entries(event="request")
    assert entry["method"] == "GET"
    assert entry["path"] == path
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["user_id"] is None
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32


def test_the_signed_in_users_id_is_logged(client, db):
    alice = make_user("alice")
    client.force_login(alice)
    path = make_article().get_absolute_url()
    with captured_log() as log:
        client.get(path)
    [entry] = log.entries(event="request")
    assert entry["user_id"] == alice.pk


def test_a_well_formed_incoming_request_id_is_kept_and_echoed(client, db):
    with captured_log() as log:
        response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42:9"})
    assert response["X-Request-ID"] == "lb-7f3a.42:9"
    assert log.entries(event="request")[0]["request_id"] == "lb-7f3a.42:9"


@pytest.mark.parametrize("incoming", ["two words", "x" * 129, "-starts-with-dash", "id\nforged", ""])
def test_a_malformed_incoming_request_id_is_replaced(client, db, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_every_line_logged_during_a_request_carries_its_id(client, db):
    with captured_log() as log:
        response = client.get("/a/no-such-article/")
    assert response.status_code == 404
    ids = {entry.get("request_id") for entry in log.entries()}
    assert ids == {response["X-Request-ID"]}
    assert {entry["logger"] for entry in log.entries()} >= {"django.request", "forum.requests"}


def test_a_path_cannot_forge_a_log_line(client, db):
    with captured_log() as log:
        client.get("/a/%0A%7B%22level%22%3A%22CRITICAL%22%7D/")
    assert all(line.startswith("{") for line in log.lines)
    assert not log.entries(level="CRITICAL")
    [entry] = log.entries(event="request")
    assert entry["path"] == '/a/\n{"level":"CRITICAL"}/'


def test_a_password_reset_token_is_not_logged(client, db):
    with captured_log() as log:
        client.get("/accounts/reset/MQ/c9kq4z-0123456789abcdef0123456789abcdef/")
    assert "0123456789abcdef" not in log.text
    assert log.entries(event="request")[0]["path"] == "/accounts/reset/MQ/[token]/"


def test_the_formatter_escapes_line_breaks_and_control_characters():
    record = logging.LogRecord("forum.test", logging.INFO, __file__, 1, "said %s", (FORGERY,), None)
    record.comment_body = FORGERY
    line = JsonFormatter().format(record)
    assert line.isascii() and line.isprintable(), "no raw newline, separator, escape or DEL"
    entry = json.loads(line)
    assert entry["message"] == f"said {FORGERY}"
    assert entry["comment_body"] == FORGERY


def test_exceptions_are_logged_on_the_same_line():
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        import sys

        record = logging.LogRecord("forum.test", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "second line" in json.loads(line)["exception"]


def test_an_extra_field_cannot_override_the_level_or_logger():
    record = logging.LogRecord("forum.test", logging.INFO, __file__, 1, "hello", None, None)
    record.level, record.logger = "CRITICAL", "forged"
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["level"], entry["logger"]) == ("INFO", "forum.test")


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_the_clients_address_is_logged(client, db):
    with captured_log() as log:
        client.get("/healthz", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
    assert log.entries(event="request")[0]["client_addr"] == "203.0.113.9"


def test_lines_after_the_request_carry_no_request_id(client, db):
    with captured_log() as log:
        client.get("/healthz")
        logging.getLogger("forum.test").info("between requests")
    [entry] = log.entries(message="between requests")
    assert "request_id" not in entry


def test_passing_health_probes_stay_out_of_the_info_log(client, db):
    with captured_log(level=logging.INFO) as log:
        client.get("/healthz")
    assert not log.entries(event="request")
