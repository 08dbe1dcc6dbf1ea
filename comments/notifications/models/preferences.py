"""What a reader chose to hear of: articles followed, threads and people muted, how email comes."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef


class Follow(models.Model):
    """A reader follows an article's discussion. Commenting follows it; turning it off leaves a row with
    `active` False, so the next comment does not follow it again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    article = models.ForeignKey("forum.Article", on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {'follows' if self.active else 'stopped following'} article {self.article_id}"


def is_following(user) -> Exists:
    """Whether `user` follows the article of the row an outer query reads, as an expression it can carry:
    an article page asks it of every signed-in reader."""
    return Exists(Follow.objects.filter(user=user, article=OuterRef("pk"), active=True))


class ThreadMute(models.Model):
    """Nothing posted in `comment`'s sub-thread (the comment and every reply below it) notifies `user`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_mutes")
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="thread_mute_once")]

    def __str__(self) -> str:
        return f"{self.user_id} muted the thread below comment {self.comment_id}"


class UserMute(models.Model):
    """`muted`'s comments stay visible to `user`; they just never notify them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_mutes")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "muted"], name="user_mute_once"),
            models.CheckConstraint(condition=~models.Q(user=models.F("muted")), name="user_mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} muted {self.muted_id}"


class EmailPreference(models.Model):
    """How a reader wants replies and mentions by email; no row means never."""

    class Mode(models.TextChoices):
        NEVER = "never", "Never"
        IMMEDIATE = "immediate", "At once, one email each"
        DAILY = "daily", "A daily digest"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.NEVER)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.get_mode_display()}"

    @classmethod
    def mode_for(cls, user) -> str:
        found = cls.objects.filter(user=user).values_list("mode", flat=True).first()
        return found or cls.Mode.NEVER

    @classmethod
    def choose(cls, user, mode: str) -> None:
        cls.objects.update_or_create(user=user, defaults={"mode": mode})
