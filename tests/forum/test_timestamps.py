from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.timesince import timesince

from forum.pages.templatetags.timestamps import EXACT_FORMAT, exact_time, relative_label

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "label"),
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(seconds=-30), "just now"),  # a clock slightly ahead
        (timedelta(minutes=1), "1\xa0minute ago"),
        (timedelta(minutes=59), "59\xa0minutes ago"),
        (timedelta(hours=5, minutes=59), "5\xa0hours ago"),
        (timedelta(days=1, hours=23), "1\xa0day ago"),
        (timedelta(days=15), "2\xa0weeks ago"),
        (timedelta(days=400), "1\xa0year ago"),
    ],
)
def test_relative_label_names_the_largest_unit_only(ago, label):
    assert relative_label(NOW - ago, NOW) == label


def test_timestamp_tag_gives_a_machine_time_and_the_exact_time_on_hover():
    moment = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    html = Template("{% load timestamps %}{% timestamp moment %}").render(Context({"moment": moment}))
    assert html.startswith('<time datetime="2026-03-04T05:06:07+00:00" title="4 March 2026, 05:06 UTC" data-relative>')
    assert html.endswith(" ago</time>")


@pytest.mark.parametrize(
    "ago",
    [timedelta(minutes=m) for m in (1, 2, 59, 60, 61, 119, 120, 1439, 1440, 2880, 10079, 10080, 20160, 40319)]
    + [
        timedelta(days=27, hours=23, minutes=59, seconds=59),
        timedelta(days=28),
        timedelta(days=31),
        timedelta(days=90),
    ],
)
def test_relative_label_matches_django_timesince_at_every_unit_boundary(ago):
    assert relative_label(NOW - ago, NOW) == f"{timesince(NOW - ago, NOW, depth=1)} ago"


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])
def test_exact_time_matches_django_date_format(zone):
    for month in range(1, 13):
        local = datetime(2026, month, 9, 7, 5, tzinfo=UTC).astimezone(ZoneInfo(zone))
        assert exact_time(local) == format_date(local, EXACT_FORMAT)


def test_exact_time_names_the_month_in_the_active_language():
    local = datetime(2026, 1, 9, 7, 5, tzinfo=UTC)
    with translation.override("fr"):
        assert exact_time(local) == format_date(local, EXACT_FORMAT) == "9 janvier 2026, 07:05 UTC"
    assert exact_time(local) == "9 January 2026, 07:05 UTC"


def test_relative_label_matches_django_timesince_at_every_age_up_to_three_years():
    import random

    rng = random.Random(13)
    for _ in range(5000):
        ago = timedelta(seconds=rng.uniform(60, 3 * 366 * 24 * 3600))
        assert relative_label(NOW - ago, NOW) == f"{timesince(NOW - ago, NOW, depth=1)} ago", ago


@pytest.mark.parametrize("now", [datetime(2027, 3, 1, 0, 0, 30, tzinfo=UTC), datetime(2028, 2, 29, 23, 59, tzinfo=UTC)])
def test_relative_label_counts_calendar_months_at_month_ends(now):
    for days in range(25, 800):
        for hours in (0, 11, 23):
            moment = now - timedelta(days=days, hours=hours)
            assert relative_label(moment, now) == f"{timesince(moment, now, depth=1)} ago", moment
