"""The admin index's summary for moderators: what waits for them and what happened today."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from comments.models import ModerationAction, Report, Suspension
from comments.models.suspension import in_force_now

register = template.Library()


@register.inclusion_tag("admin/comments/_moderation_summary.html", takes_context=True)
def moderation_summary(context) -> dict:
    """Open reports (those this moderator may act on, as the queue lists them), comments hidden
    since midnight, and suspensions in force, each linking to its list."""
    user = context["request"].user
    if not user.has_perm("comments.view_comment"):
        return {"lines": []}
    reports = Report.objects.open()
    if not user.is_superuser:
        reports = reports.exclude(comment__author=user)  # the queue leaves these to another moderator
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    hidden_today = (
        ModerationAction.objects.filter(action=ModerationAction.Kind.HIDE, created__gte=midnight)
        .values("comment_id")
        .distinct()
        .count()
    )
    active = Suspension.objects.filter(in_force_now()).count()
    log = reverse("admin:comments_moderationaction_changelist")
    lines = [
        (reports.count(), "open report", "open reports", reverse("admin:comments_reportedcomment_changelist")),
        (
            hidden_today,
            "comment hidden today",
            "comments hidden today",
            f"{log}?{urlencode({'action__exact': 'hide', 'created__gte': str(midnight)})}",
        ),
        (
            active,
            "active suspension",
            "active suspensions",
            reverse("admin:comments_suspension_changelist") + "?status=active",
        ),
    ]
    return {"lines": [(count, one if count == 1 else many, url) for count, one, many, url in lines]}
