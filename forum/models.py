import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from comments.validation import reject_control_characters


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        return self.filter(published__lte=timezone.now())

    def with_comment_count(self) -> "ArticleQuerySet":
        """Annotate `comment_count` (comments readers can see) in the same query."""
        from comments.models import Comment

        return self.annotate(
            comment_count=Count("comments", filter=Q(comments__state=Comment.State.VISIBLE)),
        )


class Article(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    deck = models.CharField("subtitle", max_length=500, blank=True)
    body = models.TextField(help_text="Plain text; paragraphs are separated by a blank line.")
    source_url = models.URLField("original URL", max_length=500, blank=True)
    published = models.DateTimeField(default=timezone.now, db_index=True)
    comments_open = models.BooleanField(default=True, help_text="Readers may post new comments.")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = "article"
        verbose_name_plural = "articles"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:article_detail", kwargs={"slug": self.slug})

    @property
    def source_link(self) -> str:
        """The original URL if it is a web address, else "": a stored javascript: or data: URL never becomes a link."""
        scheme = self.source_url.split(":", 1)[0].strip().lower() if ":" in self.source_url else ""
        return self.source_url if scheme in {"http", "https"} else ""

    def clean(self) -> None:
        """Run by the admin's form: the text refuses control characters, as comments do."""
        errors = {}
        for name in ("title", "deck", "body"):
            try:
                reject_control_characters(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    @property
    def paragraphs(self) -> list[str]:
        return [block.strip() for block in self.body.split("\n\n") if block.strip()]

    def close_comments(self, *, by, reason: str = "") -> bool:
        """Stop new comments (the discussion stays readable); False if they were already closed."""
        return self._set_comments_open(False, by=by, reason=reason)

    def reopen_comments(self, *, by, reason: str = "") -> bool:
        """Accept new comments again; False if they were already open."""
        return self._set_comments_open(True, by=by, reason=reason)

    def _set_comments_open(self, value: bool, *, by, reason: str) -> bool:
        from comments.cache import discussion_changed
        from comments.models import ModerationAction

        with transaction.atomic():
            # The condition makes the change and its log entry happen once, however many moderators click.
            changed = Article.objects.filter(pk=self.pk, comments_open=not value).update(comments_open=value)
            if changed:
                ModerationAction.objects.create(
                    moderator=by,
                    action=ModerationAction.Kind.REOPEN_COMMENTS if value else ModerationAction.Kind.CLOSE_COMMENTS,
                    article_id=self.pk,
                    target_repr=f"article {self.pk}: {self.title}"[:200],
                    reason=reason,
                )
                discussion_changed(self.pk)
        self.comments_open = value
        return bool(changed)


def username_key(username: str) -> str:
    """What makes two usernames "the same" to a reader: NFKC-normalised and case-folded.

    "Alice", "ALICE" and the same name in full-width letters share a key, as do "Straße" and "STRASSE".
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


class UsernameKey(models.Model):
    """The folded form of each username, unique, so look-alike names are refused even under concurrent sign-ups."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="username_key")
    key = models.CharField(max_length=600, unique=True)

    class Meta:
        verbose_name = "folded username"

    def __str__(self) -> str:
        return self.key
