"""Moderators acting at the same moment, in real threads with their own connections: each change
happens and is logged once, replies racing a hide never corrupt a tree, on PostgreSQL and SQLite."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from comments.integrity import find_problems
from comments.models import Comment, ModerationAction, PostingRefused, Report
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def run_together(tasks: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(tasks))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(task: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            result = task()
            with lock:
                results.append(result)
        except BaseException as error:  # reported to the test, never lost in a thread
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_moderators_hiding_one_comment_at_once_hide_and_log_it_once():
    moderators = [make_moderator(password=None) for _ in range(THREADS)]
    comment = make_comment(make_article())
    results, errors = run_together(
        [lambda m=m: Comment.objects.get(pk=comment.pk).hide(by=m, reason="spam") for m in moderators]
    )
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HIDDEN
    assert ModerationAction.objects.filter(action="hide").count() == 1


def test_moderators_handling_one_report_at_once_close_and_log_it_once():
    moderators = [make_moderator(password=None) for _ in range(THREADS)]
    comment = make_comment(make_article())
    report, _ = comment.report(by=make_user(password=None), reason=Report.Reason.SPAM)
    tasks = [
        (lambda m=m: Report.objects.get(pk=report.pk).resolve(by=m))
        if index % 2
        else (lambda m=m: Report.objects.get(pk=report.pk).dismiss(by=m))
        for index, m in enumerate(moderators)
    ]
    results, errors = run_together(tasks)
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert Report.objects.get().status != Report.Status.OPEN
    assert ModerationAction.objects.count() == 1


def test_replies_racing_a_hide_keep_the_tree_valid():
    moderator = make_moderator(password=None)
    article = make_article()
    parent = make_comment(article)

    def reply() -> str:
        try:
            make_comment(article, Comment.objects.get(pk=parent.pk))
        except PostingRefused:
            return "rejected"
        return "posted"

    tasks = [reply for _ in range(THREADS - 1)]
    tasks.append(lambda: Comment.objects.get(pk=parent.pk).hide(by=moderator, reason="flame bait"))
    results, errors = run_together(tasks)
    assert errors == []
    posted = results.count("posted")
    assert posted + results.count("rejected") == THREADS - 1
    assert Comment.objects.get(pk=parent.pk).state == Comment.State.HIDDEN
    assert Comment.objects.get(pk=parent.pk).get_descendant_count() == posted
    assert find_problems() == {}
