"""The reasons a moderator picks from when acting in a thread, kept in the database so admins edit them."""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, models

# The rows a forum starts with; admins add, reword, reorder or retire them.
DEFAULT_REASONS = ("off-topic", "incivility", "spam", "hate", "personal information")


def ensure_default_reasons(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """After `migrate` (and a test database's flush), as the Moderators group is made: the default
    reasons, if there are none at all. A reason an admin rewords or retires stays as they left it."""
    try:
        model = apps.get_model("comments", "ModerationReason")
    except LookupError:  # a partial migrate, before the table exists
        return
    if not model.objects.using(using).exists():
        model.objects.using(using).bulk_create(
            model(text=text, position=position) for position, text in enumerate(DEFAULT_REASONS, start=1)
        )


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
