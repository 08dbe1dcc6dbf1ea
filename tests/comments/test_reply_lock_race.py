"""Locking replies against replies in flight, in real threads with their own connections: the lock
takes the tree's lock that posting decides under, so the two happen one after the other."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from comments import rate_limits
from comments.models import Comment, PostingRefused, reply_lock
from tests.builders import make_article, make_comment, make_moderator, make_user
from tests.comments.test_close_race import in_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reply_that_decided_before_the_lock_lands_and_the_lock_waits_for_it(monkeypatch):
    article = make_article()
    root = make_comment(article, body="root")
    locked = make_comment(article, root, body="to be locked")
    child = make_comment(article, locked, body="child")
    author = make_user(date_joined=timezone.now() - timedelta(days=30))
    moderator = make_moderator()
    decided = threading.Event()
    real_check = rate_limits.check_posting

    def slow_check(*args, **kwargs):
        # The reply has found its sub-thread open and is about to insert: hold it there.
        decided.set()
        time.sleep(0.5)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(rate_limits, "check_posting", slow_check)
    outcome: dict[str, object] = {}

    def post() -> None:
        try:
            Comment.objects.reply(child, author=author, body="just in time?")
            outcome["post"] = "stored"
        except PostingRefused as refused:
            outcome["post"] = str(refused)

    def lock() -> None:
        assert decided.wait(timeout=10)
        Comment.objects.get(pk=locked.pk).lock_replies(by=moderator, reason="enough")
        outcome["replies when the lock returned"] = Comment.objects.filter(body="just in time?").count()

    threads = [in_thread(post), in_thread(lock)]
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcome["post"] == "stored"
    assert outcome["replies when the lock returned"] == 1
    with pytest.raises(PostingRefused, match="locked replies"):
        Comment.objects.reply(Comment.objects.get(body="just in time?"), author=author, body="after the lock")


def test_a_reply_arriving_while_the_lock_is_being_set_is_refused(monkeypatch):
    article = make_article()
    root = make_comment(article, body="root")
    locked = make_comment(article, root, body="to be locked")
    grandchild = make_comment(article, make_comment(article, locked, body="child"), body="grandchild")
    author = make_user(date_joined=timezone.now() - timedelta(days=30))
    moderator = make_moderator()
    written = threading.Event()
    real_changed = reply_lock.discussion_changed

    def slow_changed(article_id):
        # The lock is written but not committed: a reply now must wait for it, then see it.
        written.set()
        time.sleep(0.5)
        return real_changed(article_id)

    monkeypatch.setattr(reply_lock, "discussion_changed", slow_changed)
    outcome: dict[str, object] = {}

    def lock() -> None:
        Comment.objects.get(pk=locked.pk).lock_replies(by=moderator, reason="enough")

    def post() -> None:
        assert written.wait(timeout=10)
        try:
            Comment.objects.reply(grandchild, author=author, body="slipping in?")
            outcome["post"] = "stored"
        except PostingRefused as refused:
            outcome["post"] = str(refused)

    threads = [in_thread(lock), in_thread(post)]
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcome["post"] == "A moderator locked replies in this part of the discussion: enough."
    assert not Comment.objects.filter(body="slipping in?").exists()
