"""`{% timestamp value %}`: a `<time>` with a relative label and the exact time on hover."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.timesince import timesince

register = template.Library()

EXACT_FORMAT = "j F Y, H:i T"  # "27 November 2026, 13:36 UTC": unambiguous in every locale


def relative_label(moment: datetime, now: datetime | None = None) -> str:
    """'3 hours ago': the largest unit only, like static/js/forum.js, which keeps it fresh."""
    now = now or timezone.now()
    if (now - moment).total_seconds() < 60:  # also a time slightly ahead of this server's clock
        return "just now"
    return f"{timesince(moment, now, depth=1)} ago"


@register.simple_tag
def timestamp(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        local.isoformat(timespec="seconds"),
        format_date(local, EXACT_FORMAT),
        relative_label(moment),
    )
