"""The moderation log: an append-only row for every moderation action, and its audit line."""

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

# The operators' audit trail (sign-ins are written to it by the accounts app).
audit_logger = logging.getLogger("forum.audit")


def log_moderation_actions(actions: Iterable["ModerationAction"]) -> None:
    """One audit line per action, written once its transaction commits: a rolled-back action never."""
    for action in actions:
        fields = {
            "event": "moderation",
            "action": action.action,
            "actor_id": action.moderator_id,
            "actor": action.moderator.get_username() if action.moderator_id else "(automatic)",
            "target": action.target_repr,
            "comment_id": action.comment_id,
            "article_id": action.article_id,
            "target_user_id": action.target_user_id,
            "reason": action.reason,
        }
        transaction.on_commit(partial(audit_logger.info, f"moderation: {action.get_action_display()}", extra=fields))


class ModerationActionQuerySet(models.QuerySet):
    def record(self, actions: Iterable["ModerationAction"]) -> list["ModerationAction"]:
        """Save new entries and write their audit lines: the one way an action is recorded."""
        created = self.bulk_create(list(actions))
        log_moderation_actions(created)
        return created


class ModerationAction(models.Model):
    """An append-only record of one moderation action: who did what to which object, when and why."""

    class Kind(models.TextChoices):
        HIDE = "hide", "hid a comment"
        UNHIDE = "unhide", "unhid a comment"
        EDIT = "edit", "edited a comment"
        DELETE = "delete", "deleted a comment tree"
        RESOLVE_REPORT = "resolve", "resolved a report"
        DISMISS_REPORT = "dismiss", "dismissed a report"
        CLOSE_COMMENTS = "close", "closed comments"
        REOPEN_COMMENTS = "reopen", "reopened comments"
        SUSPEND = "suspend", "suspended a user"
        UNSUSPEND = "unsuspend", "lifted a suspension"
        HOLD = "hold", "hid a comment pending review"
        UPHOLD_APPEAL = "uphold", "upheld a removal on appeal"
        RESTORE_ON_APPEAL = "restore", "restored a comment on appeal"
        LOCK_REPLIES = "lock", "locked replies below a comment"
        UNLOCK_REPLIES = "unlock", "unlocked replies below a comment"

    # None for what the forum does by itself (a comment held for review after enough reports).
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.ForeignKey("comments.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    article = models.ForeignKey("forum.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the object was, kept as text so the record outlives the object.
    target_repr = models.CharField(max_length=200)
    reason = models.TextField(blank=True, help_text="For moderators only.")
    public_reason = models.CharField(max_length=200, blank=True, help_text="Shown in the public moderation log.")
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.moderator or 'The forum'} {self.get_action_display()}: {self.target_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Moderation log entries are append-only.")
        super().save(*args, **kwargs)
        log_moderation_actions([self])

    def delete(self, *args, **kwargs):
        raise ValueError("Moderation log entries are append-only.")

    @classmethod
    def about_comment(
        cls, comment, *, by, action: str, reason: str = "", public_reason: str = ""
    ) -> "ModerationAction":
        """An unsaved entry about `comment`, naming it in words that outlive it."""
        return cls(
            moderator=by,
            action=action,
            comment_id=comment.pk,
            article_id=comment.article_id,
            target_user_id=comment.author_id,
            target_repr=f"comment {comment.pk} by {comment.display_name}: {comment.excerpt}"[:200],
            reason=reason,
            public_reason=public_reason,
        )

    @classmethod
    def about_article(cls, article, *, by, action: str, reason: str = "") -> "ModerationAction":
        return cls(
            moderator=by,
            action=action,
            article_id=article.pk,
            target_repr=f"article {article.pk}: {article}"[:200],
            reason=reason,
        )

    @classmethod
    def about_user(cls, user, *, by, action: str, what: str, reason: str = "") -> "ModerationAction":
        return cls(
            moderator=by,
            action=action,
            target_user_id=user.pk,
            target_repr=f"{user.get_username()} {what}"[:200],
            reason=reason,
        )
