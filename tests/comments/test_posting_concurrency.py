"""Many requests posting at once, in real threads released together, each with its own connection.

django-mptt leaves locking to its caller; these show that the posting verbs in comments/models/posting.py,
driven through the posting views, keeps every tree valid and every comment, on PostgreSQL and
on SQLite (where IMMEDIATE transactions make writers queue rather than fail as "locked").
"""

import threading
from collections.abc import Callable
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.integrity import find_problems
from comments.models import Comment
from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def run_together(tasks: list[Callable[[], int]]) -> tuple[list[int], list[BaseException]]:
    """Start one thread per task, release them all at once, and collect statuses and errors."""
    barrier = threading.Barrier(len(tasks))
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(task: Callable[[], int]) -> None:
        try:
            barrier.wait(timeout=30)
            status = task()
            with lock:
                statuses.append(status)
        except BaseException as error:  # every failure is reported, none lost in a thread
            with lock:
                errors.append(error)
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a posting thread never finished"
    return statuses, errors


def logged_in_clients(count: int) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=True)
        client.force_login(make_user(date_joined=timezone.now() - timedelta(days=30)))
        clients.append(client)
    return clients


def poster(client: Client, url: str, body: str) -> Callable[[], int]:
    return lambda: client.post(url, {"body": body}).status_code


def assert_trees_sound() -> None:
    assert find_problems() == {}
    call_command("check_threads", verbosity=0)  # raises CommandError listing any broken tree


def test_simultaneous_replies_into_one_tree_are_all_saved():
    article = make_article()
    root = make_comment(article, body="root")
    url = reverse("comments:reply", args=[root.pk])
    clients = logged_in_clients(THREADS)
    statuses, errors = run_together([poster(client, url, f"reply {n}") for n, client in enumerate(clients)])
    assert errors == []
    assert statuses == [302] * THREADS
    root.refresh_from_db()
    assert root.get_descendant_count() == THREADS
    assert set(Comment.objects.filter(parent=root).values_list("body", flat=True)) == {
        f"reply {n}" for n in range(THREADS)
    }
    assert_trees_sound()


def test_simultaneous_replies_spread_over_the_parents_of_one_thread_are_all_saved():
    article = make_article()
    root = make_comment(article, body="root")
    parents = [root]
    for n in range(THREADS - 1):  # a bushy thread: each new comment answers an earlier one
        parents.append(make_comment(article, parents[n // 2], body=f"parent {n}"))
    clients = logged_in_clients(THREADS)
    tasks = [
        poster(client, reverse("comments:reply", args=[parent.pk]), f"answer to {parent.pk}")
        for client, parent in zip(clients, parents, strict=True)
    ]
    statuses, errors = run_together(tasks)
    assert errors == []
    assert statuses == [302] * THREADS
    for parent in parents:
        assert Comment.objects.filter(parent=parent, body=f"answer to {parent.pk}").count() == 1
    assert Comment.objects.filter(tree_id=root.tree_id).count() == 2 * THREADS
    assert_trees_sound()


def test_simultaneous_new_top_level_comments_each_get_their_own_tree():
    article = make_article()
    make_comment(article, body="already here")
    url = reverse("comments:comment_on_article", args=[article.slug])
    clients = logged_in_clients(THREADS)
    statuses, errors = run_together([poster(client, url, f"thread {n}") for n, client in enumerate(clients)])
    assert errors == []
    assert statuses == [302] * THREADS
    roots = Comment.objects.filter(article=article, parent__isnull=True)
    assert roots.count() == THREADS + 1
    assert len(set(roots.values_list("tree_id", flat=True))) == THREADS + 1
    assert_trees_sound()


def assert_ten_posts_at_once_save_exactly_three() -> None:
    """One user fires ten replies at once, each into its own tree (so no tree lock queues them)."""
    article = make_article()
    parents = [make_comment(article) for _ in range(10)]
    user = make_user(date_joined=timezone.now() - timedelta(days=30))
    clients = []
    for _ in parents:
        client = Client(raise_request_exception=True)
        client.force_login(user)
        clients.append(client)
    tasks = [
        poster(client, reverse("comments:reply", args=[parent.pk]), "hurry")
        for client, parent in zip(clients, parents, strict=True)
    ]
    statuses, errors = run_together(tasks)
    assert errors == []
    assert sorted(statuses) == [302] * 3 + [429] * 7
    assert Comment.objects.filter(author=user).count() == 3


def test_one_user_posting_at_once_from_many_requests_gets_exactly_the_limit(settings):
    settings.COMMENTS_PER_MINUTE = 3
    settings.REDIS_URL = ""  # the database count, whose lock must hold across connections
    assert_ten_posts_at_once_save_exactly_three()
    assert_trees_sound()


def test_a_double_click_posts_once():
    article = make_article()
    root = make_comment(article)
    client = logged_in_clients(1)[0]
    url = reverse("comments:reply", args=[root.pk])
    key = "0b5a8f0e-6a43-4a4b-9a39-3c1a3e0d2f11"
    statuses, errors = run_together([lambda: client.post(url, {"body": "once", "submission_key": key}).status_code] * 2)
    assert errors == []
    assert statuses == [302, 302]
    assert Comment.objects.filter(body="once").count() == 1


def test_with_redis_one_user_posting_at_once_gets_exactly_the_limit(settings):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.COMMENTS_PER_MINUTE = 3
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid4()}",  # this test's counters only
        }
    }
    assert_ten_posts_at_once_save_exactly_three()
