"""`{% timestamp value %}`: a `<time>` with a relative label and the exact time on hover."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from comments.times import EXACT_FORMAT, exact_time, relative_label

__all__ = ["EXACT_FORMAT", "exact_time", "relative_label", "timestamp"]

register = template.Library()


@register.simple_tag
def timestamp(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>',
        local.isoformat(timespec="seconds"),
        exact_time(local),
        relative_label(moment),
    )
