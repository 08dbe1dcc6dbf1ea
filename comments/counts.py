"""How many comments each article holds, counted in the article's own query: those its readers can see, and
the size of its discussion. Each is counted from an index alone (comment_article_state, comment_roots_by_tree).

A subquery, not a join: a join would group the article's row with every comment of its discussion, and
anything else the query asks per row (a reader's visit, their unread count) would be asked once per comment
before the grouping.
"""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from comments.models import Comment
from forum.articles.models import Article
from forum.compiled_annotations import CompiledAnnotations


def _count(**conditions) -> Coalesce:
    """COUNT(*) of the comments of the article an outer query reads that meet `conditions`."""
    counted = Comment.objects.filter(article=OuterRef("pk"), **conditions).order_by().values("article")
    counted = counted.annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def comment_count() -> dict:
    """`comment_count`: the comments readers can see."""
    return {"comment_count": _count(state=Comment.State.VISIBLE)}


def discussion_counts() -> dict:
    """`comment_count`, and the size of the discussion: how many comments it holds whatever their state
    (`discussion_comments`) and how many top-level threads (`discussion_threads`), what
    ThreadPages.of_article needs to know that the discussion fits one page, without reading its threads."""
    return {**comment_count(), "discussion_comments": _count(), "discussion_threads": _count(level=0)}


def with_comment_count(articles: QuerySet) -> QuerySet:
    """Annotate `comment_count` on a queryset of articles, in the same query."""
    return articles.annotate(**comment_count())


DISCUSSION_COUNTS = CompiledAnnotations(Article, discussion_counts)


def with_discussion_counts(articles: QuerySet) -> QuerySet:
    """Annotate discussion_counts on a queryset of articles, in the same query: an article page's, whose
    three subqueries are compiled once (forum/compiled_annotations.py)."""
    return DISCUSSION_COUNTS.annotate(articles)
