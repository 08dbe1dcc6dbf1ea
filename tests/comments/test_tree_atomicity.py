"""A tree write that fails half-way leaves every tree exactly as it was.

Each test fails a write at the worst moment: after django-mptt has already shifted
lft/rght to make (or close) the space, and checks that the space really had been
made at that moment, so the test would catch a write that was not atomic.
These run in real transactions (not the test's savepoint), as requests do.
"""

import pytest
from django.db.models.signals import post_save, pre_delete, pre_save

from comments.discussion_version import discussion_version
from comments.integrity import find_problems
from comments.models import Comment
from tests.builders import make_article, make_comment

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def tree_snapshot() -> list[tuple]:
    return list(Comment.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level", "parent_id"))


def rght_in(snapshot: list[tuple], comment: Comment) -> int:
    return next(rght for pk, _, _, rght, _, _ in snapshot if pk == comment.pk)


def bounds(comment: Comment) -> tuple[int, int]:
    return tuple(Comment.objects.filter(pk=comment.pk).values_list("lft", "rght").get())


def failing_on(signal, handler):
    """Connect `handler` to `signal` for Comment for the duration of a `with` block."""

    class Connected:
        def __enter__(self):
            signal.connect(handler, sender=Comment, dispatch_uid="test-tree-atomicity")

        def __exit__(self, *exc):
            signal.disconnect(sender=Comment, dispatch_uid="test-tree-atomicity")

    return Connected()


@pytest.fixture
def discussion():
    article = make_article()
    root = make_comment(article)
    first = make_comment(article, root)
    make_comment(article, first)
    make_comment(article, root)
    make_comment(article)  # a second tree, which no write below may touch
    return article, root, first


def test_a_reply_failing_after_the_space_is_made_changes_nothing(discussion):
    article, root, first = discussion
    before, version = tree_snapshot(), discussion_version(article.pk)
    seen = {}

    def explode(sender, instance, **kwargs):
        seen["root"] = bounds(root)  # inside the failing transaction
        raise Boom

    with failing_on(pre_save, explode), pytest.raises(Boom):
        make_comment(article, first)
    assert seen["root"][1] == rght_in(before, root) + 2  # the space had been made
    assert tree_snapshot() == before
    assert find_problems() == {}
    assert discussion_version(article.pk) == version  # readers' caches were not told of a change


def test_a_reply_failing_after_its_row_is_written_changes_nothing(discussion):
    article, _, first = discussion
    before = tree_snapshot()

    def explode(sender, instance, created, **kwargs):
        assert Comment.objects.filter(pk=instance.pk).exists()
        raise Boom

    with failing_on(post_save, explode), pytest.raises(Boom):
        make_comment(article, first, body="never stored")
    assert tree_snapshot() == before
    assert not Comment.objects.filter(body="never stored").exists()
    assert find_problems() == {}


def test_a_new_thread_failing_after_its_row_is_written_leaves_no_tree(discussion):
    article, _, _ = discussion
    before = tree_snapshot()
    with failing_on(post_save, lambda **kwargs: (_ for _ in ()).throw(Boom())), pytest.raises(Boom):
        make_comment(article, body="never stored")
    assert tree_snapshot() == before
    # The next top-level comment still gets a tree of its own.
    fresh = make_comment(article)
    assert fresh.tree_id not in {tree_id for _, tree_id, *_ in before}
    assert find_problems() == {}


def test_a_deletion_failing_after_the_gap_is_closed_changes_nothing(discussion):
    _, root, first = discussion
    before = tree_snapshot()
    seen = {}

    def explode(sender, instance, **kwargs):
        seen["root"] = bounds(root)
        raise Boom

    with failing_on(pre_delete, explode), pytest.raises(Boom):
        first.delete_tree()
    assert seen["root"][1] == rght_in(before, root) - 4  # the gap had been closed
    assert tree_snapshot() == before
    assert find_problems() == {}
