"""One thing a reader is told on the site: a comment that concerns them."""

from django.conf import settings
from django.db import models
from django.db.models import Func, IntegerField, Subquery
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def shown(self) -> "NotificationQuerySet":
        """What an inbox lists: a notice whose comment was removed or deleted since disappears."""
        return self.filter(comment__state="visible")

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def unread_of(self, user) -> "NotificationQuerySet":
        """What the header counts for `user`: their notices shown in the inbox and not yet read."""
        return self.filter(recipient=user).shown().unread()

    def for_inbox(self, user) -> "NotificationQuerySet":
        """The reader's notices newest first, each with its comment, author and article in the same query."""
        return (
            self.filter(recipient=user)
            .shown()
            .select_related("comment", "comment__author", "comment__article")
            .defer("comment__body_html", "comment__article__body")
            .order_by("-created", "-pk")
        )

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())

    def unread_count_of(self, user) -> Subquery:
        """The count of `user`'s unread notices (as the header shows it), as an expression another query can
        carry, so a page that reads a row anyway reads the count with it (as `reader_unread`: note_unread_count).

        COUNT over the whole subquery, without GROUP BY: always one row, 0 when there is nothing (and
        cheaper for Django to build than an aggregate grouped by recipient)."""
        return Subquery(self.unread_of(user).values(n=Func("pk", function="COUNT", output_field=IntegerField())))


class Notification(models.Model):
    """`recipient` is told about `comment` for one reason (`kind`), once: a second run of the fan-out adds nothing."""

    class Kind(models.TextChoices):
        REPLY = "reply", "replied to you"
        MENTION = "mention", "mentioned you"
        FOLLOWED = "followed", "commented on an article you follow"
        PARENT_EDITED = "parent_edited", "edited a comment you replied to"

    # Replies and mentions are addressed to the reader; they are what email is for.
    EMAILED_KINDS = (Kind.REPLY, Kind.MENTION)

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Taken into an email (sent at once or in a digest), so no later digest repeats it.
    emailed = models.BooleanField(default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "comment", "kind"], name="notification_once_per_reason")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: comment {self.comment_id} {self.get_kind_display()}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def note_unread_count(request, row) -> None:
    """Tell the header the count read with `row` (as `reader_unread`: unread_count_of), if it was."""
    count = getattr(row, "reader_unread", None)
    if count is not None:
        request.unread_notifications = count
