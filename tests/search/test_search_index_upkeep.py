"""The index follows the table by itself: queryset updates, deletions, and (SQLite) a table rebuilt by a migration."""

import pytest
from django.db import connection

from comments.models import Comment
from forum.search.index_sql import COMMENT_FTS, repair_sqlite_index
from forum.search.results import Results
from forum.search.terms import read_terms
from tests.builders import make_article, make_comment

pytestmark = pytest.mark.django_db


def found(query: str) -> list:
    return [hit.item for hit in Results(read_terms(query))[0:20]]


def test_a_queryset_update_of_the_body_is_indexed(db):
    comment = make_comment(make_article(), body="ferret")
    Comment.objects.filter(pk=comment.pk).update(body="weasel")
    assert found("ferret") == []
    assert found("weasel") == [comment]


def test_a_deleted_row_leaves_the_index(db):
    comment = make_comment(make_article(), body="stoat")
    Comment.objects.filter(pk=comment.pk).delete()
    assert found("stoat") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers; PostgreSQL's column is part of the table")
def test_lost_triggers_are_put_back_and_the_index_rebuilt(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {COMMENT_FTS}_insert")
    comment = make_comment(make_article(), body="marten")
    assert found("marten") == []
    assert repair_sqlite_index(connection) is True
    assert found("marten") == [comment]
    assert repair_sqlite_index(connection) is False
