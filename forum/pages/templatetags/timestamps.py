"""`{% timestamp value %}`: a `<time>` with a relative label and the exact time on hover."""

from datetime import datetime
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import avoid_wrapping, format_html
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import get_language

register = template.Library()

EXACT_FORMAT = "j F Y, H:i T"  # "27 November 2026, 13:36 UTC": unambiguous in every locale


# Units shorter than any month have fixed lengths: a time less than 28 days ago needs none of
# timesince's calendar work, and a page of a thousand comments calls this a thousand times.
FIXED_UNITS = (("week", 7 * 24 * 3600), ("day", 24 * 3600), ("hour", 3600), ("minute", 60))
SHORTEST_MONTH = 28 * 24 * 3600


@lru_cache(maxsize=1024)
def _unit_label(unit: str, count: int, language: str | None) -> str:
    return avoid_wrapping(TIME_STRINGS[unit] % {"num": count})


def relative_label(moment: datetime, now: datetime | None = None) -> str:
    """'3 hours ago': the largest unit only, like static/js/forum.js, which keeps it fresh."""
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:  # also a time slightly ahead of this server's clock
        return "just now"
    if seconds < SHORTEST_MONTH:  # the same label timesince(depth=1) gives, without its calendar work
        for unit, length in FIXED_UNITS:
            if seconds >= length:
                return f"{_unit_label(unit, int(seconds // length), get_language())} ago"
    return f"{timesince(moment, now, depth=1)} ago"


@lru_cache(maxsize=16)
def _month_names(language: str | None) -> tuple[str, ...]:
    return ("", *(str(MONTHS[month]) for month in range(1, 13)))


def exact_time(local: datetime) -> str:
    """EXACT_FORMAT, written out: Django's date formatter costs more than the rest of a comment's line."""
    month = _month_names(get_language())[local.month]
    return f"{local.day} {month} {local.year}, {local:%H:%M} {local.tzname() or ''}".rstrip()


@register.simple_tag
def timestamp(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        local.isoformat(timespec="seconds"),
        exact_time(local),
        relative_label(moment),
    )
