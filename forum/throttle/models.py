from django.db import models


class Hit(models.Model):
    """One counted event (a post, a sign-up) under a limit's key: the database's copy of the sliding window,
    used when Redis is not configured or cannot be reached."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField()
    expires = models.DateTimeField(db_index=True)  # past this the hit counts for nothing and may be purged

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="throttle_hit_key_at")]

    def __str__(self) -> str:
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M:%S}"
