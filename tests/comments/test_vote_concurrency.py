"""Twenty readers voting and unvoting one comment at once, each in its own thread and connection:
the count on the comment ends equal to the vote rows, on SQLite and on PostgreSQL."""

import random
import threading

import pytest
from django.db import connection

from comments.models import Comment, Vote, unvote, upvote
from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 20


def test_the_count_stays_equal_to_the_rows_under_simultaneous_votes():
    comment = make_comment(make_article(), author=make_user("writer"))
    readers = [make_user(f"voter{n}") for n in range(READERS)]
    barrier = threading.Barrier(READERS)
    errors: list[BaseException] = []

    def vote_and_waver(reader, seed: int) -> None:
        choices = random.Random(seed)
        try:
            barrier.wait(timeout=30)
            for _ in range(6):
                (upvote if choices.random() < 0.6 else unvote)(comment, by=reader)
        except BaseException as error:  # every failure is reported, none lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote_and_waver, args=(reader, n)) for n, reader in enumerate(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    rows = Vote.objects.filter(comment=comment).count()
    assert Comment.objects.get(pk=comment.pk).vote_count == rows
    assert 0 < rows <= READERS
