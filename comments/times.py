"""How a comment's time reads: the relative label ("3 hours ago") and the exact time, without
Django's calendar and date-format machinery, which cost more than the rest of a comment's line.

The page writes a label for every comment it shows on every request (the one per-reader value
that changes with the clock alone), so it must be cheap for comments of any age.
"""

from datetime import datetime
from functools import lru_cache

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import get_language

EXACT_FORMAT = "j F Y, H:i T"  # "27 November 2026, 13:36 UTC": unambiguous in every locale

# Units shorter than any month have fixed lengths; months and years are counted on the calendar,
# exactly as django.utils.timesince does, so the label is timesince(depth=1) at every age.
FIXED_UNITS = (("week", 7 * 24 * 3600), ("day", 24 * 3600), ("hour", 3600), ("minute", 60))
SHORTEST_MONTH = 28 * 24 * 3600


@lru_cache(maxsize=2048)
def _unit_label(unit: str, count: int, language: str | None, html: bool) -> str:
    label = f"{avoid_wrapping(TIME_STRINGS[unit] % {'num': count})} ago"
    return label.replace("\xa0", "&nbsp;") if html else label


def _calendar_months(moment: datetime, now: datetime) -> int:
    # timesince's own count: whole calendar months, less one if the day (or time) is not reached yet.
    months = (now.year - moment.year) * 12 + (now.month - moment.month)
    if moment.day > now.day or (moment.day == now.day and moment.time() > now.time()):
        months -= 1
    return months


def relative_label(
    moment: datetime, now: datetime | None = None, language: str | None = None, *, html: bool = False
) -> str:
    """'3 hours ago': the largest unit only, like static/js/forum.js, which keeps it fresh.

    A page labelling a thousand comments passes `now` and the active `language` it read once, and
    `html` for the label as it writes it: its no-break spaces as `&nbsp;`, so that a page of plain
    ASCII text stays a narrow string, which joins and encodes many times faster than one a single
    wider character widens.
    """
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:  # also a time slightly ahead of this server's clock
        return "just now"
    language = language or get_language()
    if seconds >= SHORTEST_MONTH:
        if now.tzinfo is not None and moment.tzinfo is not None and now.tzinfo != moment.tzinfo:
            now = now.astimezone(moment.tzinfo)  # as timesince: the calendar of the moment's zone
        months = _calendar_months(moment, now)
        if months >= 12:
            return _unit_label("year", months // 12, language, html)
        if months >= 1:
            return _unit_label("month", months, language, html)
    for unit, length in FIXED_UNITS:
        if seconds >= length:
            return _unit_label(unit, int(seconds // length), language, html)
    return "just now"  # unreachable: seconds >= 60 here


@lru_cache(maxsize=16)
def _month_names(language: str | None) -> tuple[str, ...]:
    return ("", *(str(MONTHS[month]) for month in range(1, 13)))


def exact_time(local: datetime) -> str:
    """EXACT_FORMAT, written out: Django's date formatter costs more than the rest of a comment's line."""
    month = _month_names(get_language())[local.month]
    return f"{local.day} {month} {local.year}, {local:%H:%M} {local.tzname() or ''}".rstrip()
