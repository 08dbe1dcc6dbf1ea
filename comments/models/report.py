"""Readers' reports on comments, and the queue moderators work them from."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from comments.models.comment import Comment
from comments.models.moderation_log import ModerationAction


class ReportQuerySet(models.QuerySet):
    def open(self) -> "ReportQuerySet":
        return self.filter(status=Report.Status.OPEN)

    def resolve(self, *, by, reason: str = "") -> int:
        """Close the open reports here as acted on (the comment was hidden); returns how many."""
        return self._close(Report.Status.RESOLVED, ModerationAction.Kind.RESOLVE_REPORT, by=by, reason=reason)

    def dismiss(self, *, by, reason: str = "") -> int:
        """Close the open reports here as needing no action; returns how many."""
        return self._close(Report.Status.DISMISSED, ModerationAction.Kind.DISMISS_REPORT, by=by, reason=reason)

    def _close(self, status: str, action: str, *, by, reason: str) -> int:
        with transaction.atomic():
            pks = set(self.order_by().values_list("pk", flat=True))
            # Row locks: two moderators closing the same report log it once.
            reports = list(
                Report.objects.select_for_update()
                .filter(pk__in=pks, status=Report.Status.OPEN)
                .select_related("comment")
                .order_by("pk")
            )
            Report.objects.filter(pk__in=[report.pk for report in reports]).update(
                status=status, handled_by=by, handled_at=timezone.now()
            )
            ModerationAction.objects.record(
                ModerationAction(
                    moderator=by,
                    action=action,
                    comment_id=report.comment_id,
                    article_id=report.comment.article_id,
                    target_user_id=report.comment.author_id,
                    target_repr=f"{report} ({report.comment.excerpt})"[:200],
                    reason=reason,
                )
                for report in reports
            )
        return len(reports)


class Report(models.Model):
    """A reader's flag on a comment; open until a moderator hides the comment or dismisses it."""

    class Reason(models.TextChoices):
        SPAM = "spam", "spam"
        ABUSE = "abuse", "abuse or harassment"
        OFF_TOPIC = "off-topic", "off-topic"
        OTHER = "other", "other"

    class Status(models.TextChoices):
        OPEN = "open", "open"
        RESOLVED = "resolved", "resolved: comment hidden"
        DISMISSED = "dismissed", "dismissed"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader")]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}: {self.get_reason_display()}"

    def resolve(self, *, by, reason: str = "") -> bool:
        return bool(Report.objects.filter(pk=self.pk).resolve(by=by, reason=reason))

    def dismiss(self, *, by, reason: str = "") -> bool:
        return bool(Report.objects.filter(pk=self.pk).dismiss(by=by, reason=reason))


def with_open_report_count(comments):
    """Annotate `open_report_count` in the same query, so a list of comments needs no query per row."""
    return comments.annotate(open_report_count=Count("reports", filter=Q(reports__status=Report.Status.OPEN)))


class ReportedComment(Comment):
    """The report queue in admin: comments with open reports, most-reported first."""

    class Meta:
        proxy = True
        verbose_name = "reported comment"
        verbose_name_plural = "report queue"
