from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver

from forum.accounts.names import username_key


class UsernameKey(models.Model):
    """The confusable skeleton of each username (names.username_key), unique, so look-alike names are
    refused even under concurrent sign-ups. Of two older accounts whose names came to share a key when
    the rule grew stricter, only the older has a row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="username_key")
    key = models.CharField(max_length=600, unique=True)

    class Meta:
        db_table = "forum_usernamekey"  # made when accounts were part of the articles app
        verbose_name = "folded username"

    def __str__(self) -> str:
        return self.key


@receiver(post_save, sender=get_user_model(), dispatch_uid="forum.accounts.keep_username_key")
def keep_username_key(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """Every way of creating or renaming a user (sign-up, admin, createsuperuser) keeps the key."""
    if not (created or update_fields is None or "username" in update_fields):
        return
    key = username_key(instance.get_username())
    row = None if created else UsernameKey.objects.filter(user=instance).first()
    if row is not None and row.key == key:
        return
    if row is None and not created and UsernameKey.objects.filter(key=key).exclude(user=instance).exists():
        return  # an account older than the rule, whose look-alike holds the key: saving it renames nothing
    UsernameKey.objects.update_or_create(user=instance, defaults={"key": key})
