"""Closing comments against posts in flight, in real threads with their own connections: once the
close returns, no comment is stored, because posting decides under a share lock on the article's
row and closing updates that row."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from comments import rate_limits
from comments.models import Comment, PostingRefused
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(target) -> threading.Thread:
    def run() -> None:
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("kind", ["reply", "new thread"])
def test_no_comment_is_stored_after_closing_returns(monkeypatch, kind):
    article = make_article()
    root = make_comment(article, body="root")
    author = make_user(date_joined=timezone.now() - timedelta(days=30))
    moderator = make_moderator()
    decided = threading.Event()
    real_check = rate_limits.check_posting

    def slow_check(*args, **kwargs):
        # The post has decided that comments are open and is about to insert: hold it there.
        decided.set()
        time.sleep(0.5)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(rate_limits, "check_posting", slow_check)
    outcome: dict[str, object] = {}

    def post() -> None:
        try:
            if kind == "reply":
                Comment.objects.reply(root, author=author, body="just in time?")
            else:
                Comment.objects.start_thread(article, author=author, body="just in time?")
            outcome["post"] = "stored"
        except PostingRefused as refused:
            outcome["post"] = str(refused)

    def close() -> None:
        assert decided.wait(timeout=10)
        article.close_comments(by=moderator)
        outcome["count when the close returned"] = Comment.objects.count()

    threads = [in_thread(post), in_thread(close)]
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcome["post"] == "stored"  # it had decided before the close: it lands, and the close waits for it
    assert Comment.objects.count() == outcome["count when the close returned"] == 2


def test_a_post_that_starts_after_the_close_is_refused(alice):
    article = make_article()
    root = make_comment(article)
    article.close_comments(by=make_moderator())
    with pytest.raises(PostingRefused, match="closed"):
        Comment.objects.reply(root, author=alice, body="too late")
    assert Comment.objects.count() == 1
