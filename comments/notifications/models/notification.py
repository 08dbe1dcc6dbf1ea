"""One thing a reader is told on the site: a comment that concerns them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def shown(self) -> "NotificationQuerySet":
        """What an inbox lists: a notice whose comment was removed or deleted since disappears."""
        return self.filter(comment__state="visible")

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

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
