"""An email to send, one row each, under a unique key: the queue's work survives a worker's death.

A send and a database commit cannot be made one atomic step, so a row is claimed (state SENDING,
committed) before the mail goes out and marked SENT after. A worker killed in between leaves the
row SENDING, and no later run picks it up again: a crash may lose that one email (the notice stays
on the site) but never sends it twice. A send that fails with an error is known not to have
happened: the row goes back to PENDING with a later `next_attempt_at`, until MAX_ATTEMPTS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

MAX_ATTEMPTS = 5  # about five hours of backoff: a mail server down longer than that is an outage to look at
FIRST_RETRY = timedelta(minutes=1)  # then 4, 16 and 64 minutes


def retry_delay(attempts: int) -> timedelta:
    return FIRST_RETRY * 4 ** (attempts - 1)


class OutboundEmail(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "waiting to be sent"
        SENDING = "sending", "being sent (or its worker stopped while sending)"
        SENT = "sent", "sent"
        FAILED = "failed", "gave up after every retry"
        DROPPED = "dropped", "nothing left to tell: its comments were removed"

    # "reply:<comment>:<user>", "digest:<user>:<date>": the same email is queued once however often it is asked for.
    key = models.CharField(max_length=100, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notifications = models.ManyToManyField("notifications.Notification", related_name="emails")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"

    @classmethod
    def claim(cls, pk: int) -> "OutboundEmail | None":
        """Take this email for sending if it is due and no other worker holds it; the claim is committed."""
        with transaction.atomic():
            email = (
                cls.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=cls.State.PENDING, next_attempt_at__lte=timezone.now())
                .first()
            )
            if email is None:
                return None
            email.state, email.attempts = cls.State.SENDING, email.attempts + 1
            email.save(update_fields=["state", "attempts"])
        return email

    def mark_sent(self) -> None:
        self._finish(state=self.State.SENT, sent_at=timezone.now())

    def mark_dropped(self) -> None:
        self._finish(state=self.State.DROPPED)

    def mark_failed(self, error: BaseException) -> bool:
        """Record a failed attempt; True if it will be tried again (at `next_attempt_at`)."""
        again = self.attempts < MAX_ATTEMPTS
        self._finish(
            state=self.State.PENDING if again else self.State.FAILED,
            next_attempt_at=timezone.now() + retry_delay(self.attempts),
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
        return again

    def _finish(self, **fields) -> None:
        # Only from SENDING: a row is finished by the worker that claimed it, once.
        OutboundEmail.objects.filter(pk=self.pk, state=self.State.SENDING).update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)
