"""What an article page shows of its signed-in reader, read in the article's own query: whether they follow
it, their previous visit (what is new to them), their unread count (the header's), whether they are
suspended (the comment form's) and which comments they up-voted (the vote buttons').

The models state each one, as an expression an article's query can carry (is_following,
ArticleVisit.times_of, Notification.objects.unread_count_of, is_suspended, votes_of). Building and compiling
those six subqueries cost Django more than running the whole query, on every signed-in page; so they are
compiled to SQL once per process and database, with stand-in values for the reader and the time, and each
page carries that SQL with its own reader's values put in.
"""

from datetime import UTC, datetime
from functools import cache

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from comments.models import ArticleVisit, votes_of
from comments.models.suspension import is_suspended
from comments.notifications.models import Notification, is_following
from forum.articles.models import Article

# Values no reader and no clock will have, so each can only be a stand-in where it appears in the SQL.
STAND_IN_READER = -9_007_199_254_740_991
STAND_IN_NOW = datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)


def reader_state(user, now: datetime) -> dict:
    """The annotations, by name, as the models state them."""
    return {
        "following": is_following(user),
        **ArticleVisit.times_of(user),
        "reader_unread": Notification.objects.unread_count_of(user),
        "reader_suspended": is_suspended(user, now),
        **votes_of(user),
    }


def as_read_by(articles: QuerySet, user, now: datetime | None = None) -> QuerySet:
    """`articles` annotated with `user`'s state (reader_state); anonymous readers' queries are left alone."""
    if not user.is_authenticated:
        return articles
    connection = connections[articles.db]
    values = {
        STAND_IN_READER: user.pk,
        _adapted(connection, STAND_IN_NOW): _adapted(connection, now or timezone.now()),
    }
    return articles.annotate(
        **{
            # The SQL is the ORM's own (_compiled); only the values, as parameters, are this page's.
            name: RawSQL(sql, [values.get(param, param) for param in params], output_field=field)  # noqa: S611
            for name, (sql, params, field) in _compiled(articles.db).items()
        }
    )


@cache
def _compiled(alias: str) -> dict[str, tuple[str, tuple, object]]:
    """Each annotation of reader_state compiled for database `alias`: its SQL, parameters and type."""
    expressions = reader_state(STAND_IN_READER, STAND_IN_NOW)
    query = Article.objects.annotate(**expressions).query
    compiler = query.get_compiler(alias)
    compiled = {}
    for name in expressions:
        expression = query.annotations[name]
        sql, params = compiler.compile(expression)
        compiled[name] = (sql, tuple(params), expression.output_field)
    return compiled


def _adapted(connection, moment: datetime):
    """A time as the database driver is handed it (a string on SQLite)."""
    return connection.ops.adapt_datetimefield_value(moment)
