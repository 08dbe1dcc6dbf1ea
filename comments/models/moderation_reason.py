"""The reasons a moderator picks from when acting in a thread, kept in the database so admins edit them."""

from django.db import models

# The rows a new database starts with (a copy of this list seeds them in migration 0008); admins add,
# reword, reorder or retire them there.
DEFAULT_REASONS = ("off-topic", "incivility", "spam", "hate", "personal information")


class ModerationReasonQuerySet(models.QuerySet):
    def offered(self) -> "ModerationReasonQuerySet":
        """The reasons a moderator's form offers, in their order."""
        return self.filter(active=True).order_by("position", "text")


class ModerationReason(models.Model):
    """One preset reason for hiding a comment, locking replies or suspending its author."""

    text = models.CharField(max_length=100, unique=True, help_text="As the log, and readers if shown, read it.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are offered first.")
    active = models.BooleanField(default=True, help_text="Retire a reason instead of deleting it.")

    objects = ModerationReasonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "text"]
        verbose_name = "preset moderation reason"
        verbose_name_plural = "preset moderation reasons"

    def __str__(self) -> str:
        return self.text
