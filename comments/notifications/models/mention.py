"""Who a comment names with @username, recorded once when it is posted."""

from django.conf import settings
from django.db import models


class Mention(models.Model):
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="mention_once")]

    def __str__(self) -> str:
        return f"comment {self.comment_id} mentions {self.user_id}"
