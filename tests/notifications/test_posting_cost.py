"""A reply costs a constant number of queries however many readers will hear of it: the fan-out is the worker's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.notifications.models import Follow
from comments.notifications.receivers import comment_posted_received
from comments.signals import comment_posted
from tests.builders import make_article, make_comment, make_user

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ENQUEUE_QUERIES = 1  # the task's row in the queue: one INSERT


def _reply_queries(client, django_capture_on_commit_callbacks, followers: int) -> int:
    article = make_article()
    author = make_user()
    parent = make_comment(article, author=make_user())
    Follow.objects.bulk_create(Follow(user=make_user(), article=article) for _ in range(followers))
    client.force_login(author)
    url = reverse("comments:reply", args=[parent.pk])
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "A reply.", "submission_key": ""})
    assert response.status_code == 302
    return len(queries)


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = DATABASE_TASKS  # tasks wait in the queue, as in production


def test_a_reply_costs_the_same_queries_for_one_follower_or_fifty(
    client, db, queued_tasks, django_capture_on_commit_callbacks
):
    one = _reply_queries(client, django_capture_on_commit_callbacks, followers=1)
    fifty = _reply_queries(client, django_capture_on_commit_callbacks, followers=50)
    assert one == fifty


def test_notifications_add_one_query_to_a_reply(client, db, queued_tasks, django_capture_on_commit_callbacks):
    with_notifications = _reply_queries(client, django_capture_on_commit_callbacks, followers=10)
    comment_posted.disconnect(dispatch_uid="notifications.comment_posted")
    try:
        without = _reply_queries(client, django_capture_on_commit_callbacks, followers=10)
    finally:
        comment_posted.connect(comment_posted_received, dispatch_uid="notifications.comment_posted")
    assert with_notifications == without + ENQUEUE_QUERIES
