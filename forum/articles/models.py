from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from comments.validation import normalise_line_endings, reject_control_characters
from forum.articles.signals import comments_closed, comments_reopened

COMMENTS_CLOSED = "Comments are closed on this article."


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        return self.filter(published__lte=timezone.now())


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
        # Tolerates CRLF in text saved before line endings were normalised at input.
        return [block.strip() for block in normalise_line_endings(self.body).split("\n\n") if block.strip()]

    def comment_refusal(self) -> str | None:
        """Why this article takes no new comment, or None if it does: the one statement of the rule."""
        if not self.comments_open:
            return COMMENTS_CLOSED
        return None

    def close_comments(self, *, by, reason: str = "") -> bool:
        """Stop new comments (the discussion stays readable); False if they were already closed."""
        return self._set_comments_open(False, by=by, reason=reason)

    def reopen_comments(self, *, by, reason: str = "") -> bool:
        """Accept new comments again; False if they were already open."""
        return self._set_comments_open(True, by=by, reason=reason)

    def _set_comments_open(self, value: bool, *, by, reason: str) -> bool:
        with transaction.atomic():
            # An UPDATE of the row every post locks FOR SHARE while it decides (Comment.objects.post):
            # the change waits for posts in flight, and a post that starts after it sees it.
            changed = Article.objects.filter(pk=self.pk, comments_open=not value).update(comments_open=value)
            if changed:  # the condition makes the change and its log entry happen once, however many click
                signal = comments_reopened if value else comments_closed
                signal.send(sender=Article, article=self, by=by, reason=reason)
        self.comments_open = value
        return bool(changed)
