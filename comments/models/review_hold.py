"""Reports that act on their own: enough established readers reporting a comment hold it for review.

Discourse does this. The comment is hidden ("[hidden pending review]") until a moderator unhides it or
confirms the removal (comments/models/queryset.py ends the hold either way).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comments import pieces
from comments.discussion_version import discussion_changed
from comments.models.moderation_log import ModerationAction
from comments.models.suspension import in_force_now


def hold_for_review_if_reported(comment) -> None:
    """Hide `comment` pending review if FORUM_AUTO_HIDE_REPORTS established readers have open reports on
    it: accounts younger than FORUM_ESTABLISHED_ACCOUNT_DAYS, or suspended, do not count. Call it inside
    the reporting transaction."""
    established = timezone.now() - timedelta(days=settings.ESTABLISHED_ACCOUNT_DAYS)
    reporters = comment.reports.filter(
        status=comment.reports.model.Status.OPEN, reporter__is_active=True, reporter__date_joined__lte=established
    ).exclude(in_force_now("reporter__suspensions__"))
    threshold = settings.AUTO_HIDE_REPORTS
    if not threshold or reporters.values("reporter").distinct().count() < threshold:
        return
    objects, State = type(comment).objects, type(comment).State
    objects.lock_trees([comment.tree_id])
    current = objects.select_related("author").get(pk=comment.pk)
    if current.state != State.VISIBLE:
        return
    current.state, current.held_for_review, current.public_reason = State.HIDDEN, True, ""
    held = objects.filter(pk=comment.pk, state=State.VISIBLE).update(
        state=current.state, held_for_review=True, public_reason="", **pieces.piece_fields(current)
    )
    if held:
        ModerationAction.about_comment(
            comment, by=None, action=ModerationAction.Kind.HOLD, public_reason="hidden pending review after reports"
        ).save()
        discussion_changed(comment.article_id)
        comment.state, comment.held_for_review, comment.public_reason = State.HIDDEN, True, ""
