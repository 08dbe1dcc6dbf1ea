"""An earlier text of a comment, kept whenever its author or a moderator edits it (Comment.edit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CommentRevision(models.Model):
    """An earlier text of a comment, kept whenever its author or a moderator edits it."""

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment", "-replaced_at"]
        verbose_name = "earlier version"
        verbose_name_plural = "earlier versions"

    def __str__(self) -> str:
        return f"Version of comment {self.comment_id} replaced {self.replaced_at:%Y-%m-%d %H:%M}"
