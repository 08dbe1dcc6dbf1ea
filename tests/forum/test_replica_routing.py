"""Where reads go with a replica configured: the decisions, without a real replica (tests/scale/replica.py has one)."""

import time

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from forum import replica
from forum.replica import PRIMARY, REPLICA, PrimaryReplicaRouter, ReplicaMiddleware, ReplicaState, choose

MAX_LAG = 30
CAUGHT_UP = ReplicaState(replay_lsn=1000, lag_seconds=0)


def test_a_get_with_no_write_of_its_own_reads_the_replica():
    assert choose("GET", None, CAUGHT_UP, MAX_LAG) == REPLICA
    assert choose("HEAD", None, CAUGHT_UP, MAX_LAG) == REPLICA


def test_a_post_reads_the_primary():
    assert choose("POST", None, CAUGHT_UP, MAX_LAG) == PRIMARY


def test_a_reader_whose_write_is_not_replayed_yet_reads_the_primary():
    assert choose("GET", 1001, CAUGHT_UP, MAX_LAG) == PRIMARY


def test_a_reader_whose_write_is_replayed_reads_the_replica():
    assert choose("GET", 1000, CAUGHT_UP, MAX_LAG) == REPLICA
    assert choose("GET", 999, CAUGHT_UP, MAX_LAG) == REPLICA


def test_a_replica_down_or_too_far_behind_is_not_read():
    assert choose("GET", None, None, MAX_LAG) == PRIMARY
    assert choose("GET", None, ReplicaState(1000, MAX_LAG + 1), MAX_LAG) == PRIMARY
    assert choose("GET", None, ReplicaState(1000, float("inf")), MAX_LAG) == PRIMARY  # not streaming


def test_wal_positions_compare_in_order():
    assert replica.parse_lsn("0/16B3748") < replica.parse_lsn("0/FFFFFFFF") < replica.parse_lsn("1/0")
    assert replica.parse_lsn("16/B374D848") == (0x16 << 32) + 0xB374D848


@pytest.mark.parametrize("cookie", ["", "0/16B3748", "-5", "1e9", "9" * 30, "<script>"])
def test_a_cookie_that_is_not_a_position_is_ignored(cookie):
    request = RequestFactory().get("/")
    request.COOKIES[replica.READ_AFTER_COOKIE] = cookie
    assert replica.read_after(request) is None


def test_router_sends_writes_and_migrations_to_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_write(None) == PRIMARY
    assert router.allow_migrate(PRIMARY, "comments") is True
    assert router.allow_migrate(REPLICA, "comments") is False


def test_router_reads_the_primary_outside_a_request_that_chose_the_replica():
    assert PrimaryReplicaRouter().db_for_read(None) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_router_reads_the_replica_when_the_request_chose_it_but_not_inside_a_transaction():
    router = PrimaryReplicaRouter()
    with replica.reads_from(REPLICA):
        assert router.db_for_read(None) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(None) == PRIMARY
        assert replica.from_primary(lambda: router.db_for_read(None))() == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_a_request_that_writes_leaves_the_primarys_position_in_a_cookie(monkeypatch):
    monkeypatch.setattr(replica, "primary_position", lambda: 4242)

    def writes(request):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_session")
        return HttpResponse("ok")

    response = ReplicaMiddleware(writes)(RequestFactory().post("/"))
    assert response.cookies[replica.READ_AFTER_COOKIE].value == "4242"
    assert response.cookies[replica.READ_AFTER_COOKIE]["httponly"]


@pytest.mark.django_db(transaction=True)
def test_a_request_that_only_reads_sets_no_cookie(monkeypatch):
    monkeypatch.setattr(replica, "primary_position", lambda: 4242)

    def reads(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_session")
        return HttpResponse("ok")

    response = ReplicaMiddleware(reads)(RequestFactory().post("/"))
    assert replica.READ_AFTER_COOKIE not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_a_replica_failing_under_a_get_has_it_answered_again_from_the_primary(monkeypatch):
    # The replica is played by the test database itself: what matters is where the second attempt goes.
    monkeypatch.setattr(replica, "REPLICA", PRIMARY)
    monkeypatch.setattr(replica, "replica_state", lambda: CAUGHT_UP)
    monkeypatch.setattr(replica, "_replica_down_until", 0.0)
    attempts: list[str] = []

    def view(request):
        attempts.append(replica._reads_go_to.get())
        if len(attempts) == 1:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT * FROM a_table_the_replica_lost")
            except DatabaseError:
                return HttpResponse("briefly unavailable", status=503)  # what Django's handler makes of it
        return HttpResponse("served")

    response = ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert response.status_code == 200
    assert response.content == b"served"
    assert len(attempts) == 2
    assert replica._replica_down_until > time.monotonic()  # left alone for a while


@pytest.mark.django_db(transaction=True)
def test_a_reader_whose_write_is_replayed_loses_the_cookie(monkeypatch):
    monkeypatch.setattr(replica, "REPLICA", PRIMARY)
    monkeypatch.setattr(replica, "replica_state", lambda: CAUGHT_UP)
    request = RequestFactory().get("/")
    request.COOKIES[replica.READ_AFTER_COOKIE] = "900"
    response = ReplicaMiddleware(lambda request: HttpResponse("ok"))(request)
    assert response.cookies[replica.READ_AFTER_COOKIE]["max-age"] == 0
