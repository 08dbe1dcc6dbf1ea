"""The one rate limiter behind every limit: a sliding window, the same in Redis and in the database."""

import pytest

from forum.throttle.models import Hit
from forum.throttle.window import Exceeded, Window, take

pytestmark = pytest.mark.django_db

TWO_A_MINUTE = Window("test-two", 2, 60)


def refused(*charges) -> Exceeded | None:
    try:
        take(*charges)
    except Exceeded as exceeded:
        return exceeded
    return None


def test_a_minute_boundary_grants_no_fresh_allowance(clock, limit_store):
    clock.advance(59)  # one second before a fixed window would start again
    assert refused((TWO_A_MINUTE, "k")) is None
    clock.advance(0.5)
    assert refused((TWO_A_MINUTE, "k")) is None
    clock.advance(1)  # across the boundary: a fixed window would allow two more here
    assert refused((TWO_A_MINUTE, "k")) is not None
    clock.advance(0.5)
    assert refused((TWO_A_MINUTE, "k")) is not None


def test_a_slot_frees_exactly_when_the_oldest_event_leaves_the_window(clock, limit_store):
    take((TWO_A_MINUTE, "k"))
    clock.advance(10)
    take((TWO_A_MINUTE, "k"))
    clock.advance(30)
    exceeded = refused((TWO_A_MINUTE, "k"))
    assert exceeded.retry_after == 20
    assert exceeded.window == TWO_A_MINUTE
    clock.advance(19.5)
    assert refused((TWO_A_MINUTE, "k")) is not None
    clock.advance(0.5)
    assert refused((TWO_A_MINUTE, "k")) is None
    assert refused((TWO_A_MINUTE, "k")).retry_after == 10  # the event at 10 s is now the oldest


def test_keys_are_counted_apart(clock, limit_store):
    take((TWO_A_MINUTE, "a"))
    take((TWO_A_MINUTE, "a"))
    assert refused((TWO_A_MINUTE, "a")) is not None
    assert refused((TWO_A_MINUTE, "b")) is None


def test_a_refusal_by_one_window_counts_nothing_in_the_others(clock, limit_store):
    one = Window("test-one", 1, 60)
    roomy = Window("test-roomy", 3, 60)
    take((one, "x"))
    for _ in range(5):
        exceeded = refused((roomy, "y"), (one, "x"))
        assert exceeded.window == one
    # The roomy window was never charged for the refused events: all three of its slots are left.
    for _ in range(3):
        assert refused((roomy, "y")) is None
    assert refused((roomy, "y")) is not None


def test_the_window_that_keeps_the_caller_waiting_longest_is_named(clock, limit_store):
    short = Window("test-short", 1, 10)
    long = Window("test-long", 1, 3600)
    take((short, "s"), (long, "l"))
    exceeded = refused((short, "s"), (long, "l"))
    assert (exceeded.window, exceeded.retry_after) == (long, 3600)


def test_a_limit_of_zero_is_off(clock, limit_store):
    off = Window("test-off", 0, 60)
    for _ in range(50):
        assert refused((off, "k")) is None


def test_the_database_keeps_no_more_than_the_live_events(clock, settings):
    settings.REDIS_URL = ""
    for _ in range(2):
        take((TWO_A_MINUTE, "k"))
    take((Window("test-other", 5, 30), "gone"))
    clock.advance(61)
    take((TWO_A_MINUTE, "k"))
    # Expired events, this key's and other keys' alike, were purged on the way.
    assert Hit.objects.count() == 1
