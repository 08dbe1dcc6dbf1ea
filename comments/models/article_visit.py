"""When a signed-in reader last read an article's discussion, so the page can mark what is new since.

One row per reader and article, shared by all their devices. A visit is a page load at least
VISIT_GAP after the one recorded: reloads within it keep the same "previous visit", so the marks
a reader is looking at survive a reload, and the row is written at most once a minute.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery

from forum.articles.models import Article

VISIT_GAP = timedelta(minutes=1)
_NOT_READ = object()


class ArticleVisit(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_visits")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="visits")
    seen_at = models.DateTimeField()
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="one_visit_row_per_reader")]

    def __str__(self) -> str:
        return f"{self.user_id} read article {self.article_id} at {self.seen_at:%Y-%m-%d %H:%M}"

    @classmethod
    def times_of(cls, user) -> dict[str, Subquery]:
        """`user`'s visit to the article of the row an outer query reads, as expressions it can carry
        (`visit_seen_at`, `visit_previous_seen_at`), so a page costs no query for it (see record)."""
        visit = cls.objects.filter(user=user, article=OuterRef("pk"))
        return {
            "visit_seen_at": Subquery(visit.values("seen_at")[:1]),
            "visit_previous_seen_at": Subquery(visit.values("previous_seen_at")[:1]),
        }

    @classmethod
    def record(cls, user, article, now: datetime) -> datetime | None:
        """Note that `user` reads `article` now; return when they read it before (None: never).

        No query when `article` came annotated (ArticleVisit.times_of) and the visit is a reload within
        VISIT_GAP; otherwise one to read the row, and a write once per new visit.
        """
        if not user.is_authenticated:
            return None
        seen = getattr(article, "visit_seen_at", _NOT_READ)
        if seen is _NOT_READ:
            row = cls.objects.filter(user=user, article=article).values_list("seen_at", "previous_seen_at").first()
            seen, previous = row or (None, None)
        else:
            previous = article.visit_previous_seen_at
        if seen is None:
            try:
                with transaction.atomic():
                    cls.objects.create(user=user, article=article, seen_at=now)
            except IntegrityError:  # the same reader's other tab made the row a moment ago
                pass
            return None
        if now - seen < VISIT_GAP:
            return previous
        # Conditional on the value read: of two loads at once, one moves the row; both show the same marks.
        cls.objects.filter(user=user, article=article, seen_at=seen).update(previous_seen_at=seen, seen_at=now)
        return seen
