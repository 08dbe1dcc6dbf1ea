"""How many comments of each article its readers can see, counted in the article's own query."""

from django.db.models import Count, Q, QuerySet

from comments.models import Comment


def with_comment_count(articles: QuerySet) -> QuerySet:
    """Annotate `comment_count` (visible comments) on a queryset of articles, in the same query."""
    return articles.annotate(comment_count=Count("comments", filter=Q(comments__state=Comment.State.VISIBLE)))
