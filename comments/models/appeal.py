"""Appeals: the author of a removed comment asks, once per removal, for a moderator to look again."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from comments.models.comment import Comment
from comments.models.moderation_log import ModerationAction

APPEAL_MAX_LENGTH = 1000  # a short case, not a second comment


class AppealRefused(Exception):
    """No appeal was filed; the message says why."""


class Appeal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "waiting for a moderator"
        UPHELD = "upheld", "removal upheld"
        RESTORED = "restored", "comment restored"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="appeals")
    # The removal appealed against: one appeal each, and a later removal may be appealed again.
    removal = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="appeal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(max_length=APPEAL_MAX_LENGTH)
    created = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True, help_text="Shown to the author.")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Appeal on comment {self.comment_id}: {self.get_status_display()}"

    @staticmethod
    def current_removal(comment: Comment) -> ModerationAction | None:
        """The moderation entry that removed the comment as it stands now (a hide, or a hold for review)."""
        if comment.state != Comment.State.HIDDEN:
            return None
        kinds = [ModerationAction.Kind.HIDE, ModerationAction.Kind.HOLD]
        return (
            ModerationAction.objects.filter(comment_id=comment.pk, action__in=kinds).order_by("-created", "-id").first()
        )

    @classmethod
    def refusal(cls, comment: Comment, user) -> str | None:
        """Why `user` may not appeal this comment's removal now, or None if they may: the one statement."""
        if not user.is_authenticated or comment.author_id != user.pk:
            return "Only the author of a removed comment can appeal its removal."
        removal = cls.current_removal(comment)
        if removal is None:
            return "This comment is not removed by a moderator, so there is nothing to appeal."
        if cls.objects.filter(removal=removal).exists():
            return "You have appealed this removal already; a moderator will decide, and you will see it here."
        return None

    @classmethod
    def file(cls, comment: Comment, *, by, text: str) -> "Appeal":
        with transaction.atomic():
            Comment.objects.lock_trees([comment.tree_id])
            current = Comment.objects.get(pk=comment.pk)
            if refusal := cls.refusal(current, by):
                raise AppealRefused(refusal)
            try:
                with transaction.atomic():
                    return cls.objects.create(
                        comment=current, removal=cls.current_removal(current), author=by, text=text
                    )
            except IntegrityError:  # the same removal appealed from two tabs at once
                raise AppealRefused(cls.refusal(current, by) or "This removal has been appealed already.") from None

    def uphold(self, *, by, note: str = "") -> bool:
        """Keep the comment removed; the author is told, with the note. False if already decided."""
        return self._decide(self.Status.UPHELD, ModerationAction.Kind.UPHOLD_APPEAL, by=by, note=note)

    def restore(self, *, by, note: str = "") -> bool:
        """Show the comment again; the author is told, with the note. False if already decided."""
        with transaction.atomic():
            decided = self._decide(self.Status.RESTORED, ModerationAction.Kind.RESTORE_ON_APPEAL, by=by, note=note)
            if decided:
                Comment.objects.filter(pk=self.comment_id).unhide(by=by, reason=f"restored on appeal {self.pk}")
        return decided

    def _decide(self, status: str, action: str, *, by, note: str) -> bool:
        with transaction.atomic():
            decided = Appeal.objects.filter(pk=self.pk, status=self.Status.OPEN).update(
                status=status, decided_by=by, decided_at=timezone.now(), decision_note=note
            )
            if decided:
                comment = Comment.objects.get(pk=self.comment_id)
                ModerationAction.about_comment(comment, by=by, action=action, reason=note).save()
        if decided:
            self.refresh_from_db()
        return bool(decided)
