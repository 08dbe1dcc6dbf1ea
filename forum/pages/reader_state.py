"""What an article page shows of its signed-in reader, read in the article's own query: whether they follow
it, their previous visit (what is new to them), their unread count (the header's), whether they are
suspended (the comment form's) and which comments they up-voted (the vote buttons').

The models state each one, as an expression an article's query can carry (is_following,
ArticleVisit.times_of, Notification.objects.unread_count_of, is_suspended, votes_of). Building and compiling
those six subqueries cost Django more than running the whole query, on every signed-in page; so they are
compiled once (forum/compiled_annotations.py), with stand-ins for the reader and the time.
"""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from comments.models import ArticleVisit, votes_of
from comments.models.suspension import is_suspended
from comments.notifications.models import Notification, is_following
from forum.articles.models import Article
from forum.compiled_annotations import STAND_IN_ID, STAND_IN_TIME, CompiledAnnotations


def reader_state(user, now: datetime) -> dict:
    """The annotations, by name, as the models state them."""
    return {
        "following": is_following(user),
        **ArticleVisit.times_of(user),
        "reader_unread": Notification.objects.unread_count_of(user),
        "reader_suspended": is_suspended(user, now),
        **votes_of(user),
    }


READER_STATE = CompiledAnnotations(Article, reader_state, STAND_IN_ID, STAND_IN_TIME)


def as_read_by(articles: QuerySet, user, now: datetime | None = None) -> QuerySet:
    """`articles` annotated with `user`'s state (reader_state); anonymous readers' queries are left alone."""
    if not user.is_authenticated:
        return articles
    return READER_STATE.annotate(articles, user.pk, now or timezone.now())
