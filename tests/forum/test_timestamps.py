from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template

from forum.templatetags.timestamps import relative_label

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
