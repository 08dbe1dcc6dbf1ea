"""How many comments of each article its readers can see, counted in the article's own query."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from comments.models import Comment


def with_comment_count(articles: QuerySet) -> QuerySet:
    """Annotate `comment_count` (visible comments) on a queryset of articles, in the same query.

    A subquery, not a join: a join would group the article's row with every comment of its discussion,
    and anything else the query asks per row (a reader's visit, their unread count) would be asked once
    per comment before the grouping."""
    visible = (
        Comment.objects.filter(article=OuterRef("pk"), state=Comment.State.VISIBLE)
        .order_by()
        .values("article")
        .annotate(count=Count("*"))  # COUNT(*): read from the comment_article_state index alone
        .values("count")
    )
    return articles.annotate(comment_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0))
