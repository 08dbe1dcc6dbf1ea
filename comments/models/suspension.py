"""Suspensions, and the one rule on which accounts may write at all."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, Q
from django.utils import dateformat, timezone

from comments.models.moderation_log import ModerationAction

# A permanent suspension runs until a date no one will see: the account stays, and can be lifted.
PERMANENT_UNTIL = datetime(9999, 12, 31, tzinfo=UTC)


class SuspensionLength(models.TextChoices):
    """The lengths a moderator picks from in a thread; admin takes any date."""

    DAY = "1d", "1 day"
    WEEK = "7d", "7 days"
    MONTH = "30d", "30 days"
    PERMANENT = "permanent", "permanent"

    def until(self, now=None):
        if self is SuspensionLength.PERMANENT:
            return PERMANENT_UNTIL
        return (now or timezone.now()) + timedelta(days=int(self.value.removesuffix("d")))


def in_force_now(through: str = "", now: datetime | None = None) -> Q:
    """The one statement of a suspension in force now (or at `now`): not lifted and not run out. A
    condition on suspensions, or, with `through` (such as "reporter__suspensions__"), on the rows they
    hang from."""
    return Q(**{f"{through}until__gt": now or timezone.now(), f"{through}lifted_at__isnull": True})


class SuspensionRefused(Exception):
    """Raised by Suspension.suspend when suspend_refusal() gives a reason; the message is that reason."""


class Suspension(models.Model):
    """A moderator's ban on posting, editing and reporting until a date. Kept after it ends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    until = models.DateTimeField()
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "until"], name="suspension_user_until")]

    def __str__(self) -> str:
        return f"{self.user} suspended until {self.until:%Y-%m-%d %H:%M}"

    @classmethod
    def active_for(cls, user) -> "Suspension | None":
        if not user.is_authenticated:
            return None
        return cls.in_force(user).order_by("-until").first()

    @classmethod
    def in_force(cls, user, now: datetime | None = None) -> models.QuerySet:
        """`user`'s suspensions that stop them writing now (or at `now`)."""
        return cls.objects.filter(in_force_now(now=now), user=user)

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None and self.until > timezone.now()

    @property
    def is_permanent(self) -> bool:
        return self.until >= PERMANENT_UNTIL

    @property
    def refusal(self) -> str:
        """What a suspended reader is told whenever they try to write."""
        if self.is_permanent:
            return (
                "Your account is suspended permanently, so you cannot post, change or report comments. "
                f"The reason given: {self.reason}"
            )
        return (
            f"Your account is suspended until {dateformat.format(self.until, 'j F Y, H:i')} UTC, "
            f"so you cannot post, change or report comments until then. The reason given: {self.reason}"
        )

    @staticmethod
    def suspend_refusal(user, *, by) -> str | None:
        """Why `by` may not suspend `user`, or None if they may: the one statement of the rule."""
        if user.pk == by.pk:
            return "You cannot suspend your own account."
        if user.is_staff and not by.is_superuser:
            # A moderator could otherwise silence the moderator reviewing them, or lock out a superuser.
            return f"{user.get_username()} is a staff account: only a superuser can suspend it."
        return None

    @classmethod
    def suspend(cls, user, *, until, reason: str, by) -> "Suspension":
        """Stop `user` posting, editing and reporting until `until`; their comments stay.

        Raises SuspensionRefused when suspend_refusal() objects.
        """
        refusal = cls.suspend_refusal(user, by=by)
        if refusal is not None:
            raise SuspensionRefused(refusal)
        with transaction.atomic():
            suspension = cls.objects.create(user=user, until=until, reason=reason, created_by=by)
            ModerationAction.about_user(
                user,
                by=by,
                action=ModerationAction.Kind.SUSPEND,
                what="permanently" if until >= PERMANENT_UNTIL else f"until {until:%Y-%m-%d %H:%M} UTC",
                reason=reason,
            ).save()
        return suspension

    def lift(self, *, by, reason: str = "") -> bool:
        """End the suspension now; False if it had already been lifted or had run out."""
        with transaction.atomic():
            lifted = Suspension.objects.filter(in_force_now(), pk=self.pk).update(lifted_at=timezone.now())
            if lifted:
                ModerationAction(
                    moderator=by,
                    action=ModerationAction.Kind.UNSUSPEND,
                    target_user_id=self.user_id,
                    target_repr=str(self)[:200],
                    reason=reason,
                ).save()
        if lifted:
            self.refresh_from_db(fields=["lifted_at"])
        return bool(lifted)


def account_refusal(user, *, suspended: bool | None = None) -> str | None:
    """Why `user` may not post, edit, delete or report comments right now, or None if they may.

    `suspended`, when a page read it with a row of its own (is_suspended), spares the query for the
    many who are not; a verb that writes never passes it, and asks now."""
    if not user.is_active:
        return "Your account is inactive, so it cannot post. Contact the site's moderators."
    if suspended is False:
        return None
    suspension = Suspension.active_for(user)
    return suspension.refusal if suspension is not None else None


def is_suspended(user, now: datetime | None = None) -> Exists:
    """Whether `user` is suspended now (or at `now`), as an expression another query can carry (see
    account_refusal)."""
    return Exists(Suspension.in_force(user, now))
