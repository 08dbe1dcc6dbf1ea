"""Locking replies below one comment: its sub-thread takes no reply, the rest of the discussion does,
the lock shows where it starts, is logged, and can be lifted."""

import pytest
from django.core.cache import cache

from comments.discussion_version import discussion_version
from comments.models import Comment, ModerationAction, PostingRefused
from comments.models.reply_lock import lock_above
from comments.rows import fetch_rows
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    """root ─ locked ─ child ─ grandchild; root ─ sibling; and another top-level thread."""
    article = make_article()
    root = make_comment(article, body="root")
    locked = make_comment(article, root, body="locked")
    child = make_comment(article, locked, body="child")
    grandchild = make_comment(article, child, body="grandchild")
    sibling = make_comment(article, root, body="sibling")
    other = make_comment(article, body="another thread")
    return article, {
        "root": root,
        "locked": locked,
        "child": child,
        "grandchild": grandchild,
        "sibling": sibling,
        "other": other,
    }


def fresh(comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def test_a_lock_refuses_replies_to_the_comment_and_everything_below_it(discussion, alice):
    _, comments = discussion
    assert comments["locked"].lock_replies(by=make_moderator(), reason="going in circles")
    for name in ("locked", "child", "grandchild"):
        refusal = fresh(comments[name]).reply_refusal()
        assert refusal == "A moderator locked replies in this part of the discussion: going in circles."
        with pytest.raises(PostingRefused, match="locked replies"):
            Comment.objects.reply(fresh(comments[name]), author=alice, body="one more")
    assert Comment.objects.filter(body="one more").count() == 0


def test_the_rest_of_the_discussion_stays_open_under_a_lock(discussion):
    _, comments = discussion
    comments["locked"].lock_replies(by=make_moderator(), reason="")
    for name in ("root", "sibling", "other"):
        assert fresh(comments[name]).accepts_replies()
        Comment.objects.reply(fresh(comments[name]), author=make_user(f"to-{name}"), body=f"reply to {name}")
    assert Comment.objects.filter(body__startswith="reply to").count() == 3


def test_a_page_s_rows_carry_the_lock_from_their_one_query(discussion, django_assert_num_queries):
    article, comments = discussion
    comments["locked"].lock_replies(by=make_moderator(), reason="enough")
    queryset = article.comments.order_by("tree_id", "lft")
    Comment.objects.filter(pk__in=[c.pk for c in comments.values()]).refresh_stale_pieces()
    with django_assert_num_queries(1):
        rows = fetch_rows(queryset, article=article)
        taking = {row.pk: row.accepts_replies(article) for row in rows}
    expected = {comment.pk: name not in ("locked", "child", "grandchild") for name, comment in comments.items()}
    assert taking == expected
    assert {row.pk: lock_above(row) for row in rows}[comments["child"].pk] == "enough"


def test_lifting_the_lock_opens_the_sub_thread_again(discussion, alice):
    _, comments = discussion
    moderator = make_moderator()
    comments["locked"].lock_replies(by=moderator, reason="cool off")
    assert comments["locked"].unlock_replies(by=moderator)
    assert fresh(comments["grandchild"]).accepts_replies()
    Comment.objects.reply(fresh(comments["grandchild"]), author=alice, body="back again")


def test_locking_twice_or_unlocking_an_open_comment_changes_nothing(discussion):
    _, comments = discussion
    moderator = make_moderator()
    assert not comments["root"].unlock_replies(by=moderator)
    assert comments["root"].lock_replies(by=moderator, reason="first")
    assert not comments["root"].lock_replies(by=moderator, reason="second")
    assert fresh(comments["root"]).replies_locked_reason == "first"
    kinds = list(ModerationAction.objects.values_list("action", flat=True))
    assert kinds == [ModerationAction.Kind.LOCK_REPLIES]


def test_lock_and_unlock_are_logged_with_the_moderator_and_the_reason(discussion):
    _, comments = discussion
    moderator = make_moderator()
    comments["locked"].lock_replies(by=moderator, reason="going in circles")
    comments["locked"].unlock_replies(by=moderator, reason="calmer now")
    unlock, lock = ModerationAction.objects.all()
    assert (lock.action, lock.moderator, lock.comment_id) == ("lock", moderator, comments["locked"].pk)
    assert (lock.reason, lock.public_reason) == ("going in circles", "going in circles")
    assert (unlock.action, unlock.reason, unlock.public_reason) == ("unlock", "calmer now", "")


def test_the_locked_comment_s_piece_shows_the_notice_and_loses_it_when_unlocked(discussion):
    _, comments = discussion
    moderator = make_moderator()
    comments["locked"].lock_replies(by=moderator, reason="going <in> circles")
    piece = fresh(comments["locked"]).piece_html
    assert '<p class="replies-locked">Replies locked by a moderator: going &lt;in&gt; circles</p>' in piece
    assert "replies-locked" not in fresh(comments["child"]).piece_html
    comments["locked"].unlock_replies(by=moderator)
    assert "replies-locked" not in fresh(comments["locked"]).piece_html


def test_locking_and_unlocking_move_the_discussion_version(discussion, django_capture_on_commit_callbacks):
    article, comments = discussion
    cache.clear()
    before = discussion_version(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        comments["locked"].lock_replies(by=make_moderator(), reason="")
    locked = discussion_version(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        comments["locked"].unlock_replies(by=make_moderator("another"))
    assert before < locked < discussion_version(article.pk)


def test_a_comment_s_own_page_carries_the_lock_from_its_ancestors(discussion, client, alice):
    _, comments = discussion
    comments["locked"].lock_replies(by=make_moderator(), reason="enough")
    client.force_login(alice)
    page = client.get(comments["child"].get_permalink()).content.decode()
    assert f'data-reply-to="{comments["child"].pk}"' not in page
    assert f'data-reply-to="{comments["grandchild"].pk}"' not in page
    page = client.get(comments["sibling"].get_permalink()).content.decode()
    assert f'data-reply-to="{comments["sibling"].pk}"' in page


def test_rows_whose_ancestors_were_not_fetched_ask_for_locks_above_them(discussion, django_assert_num_queries):
    article, comments = discussion
    comments["locked"].lock_replies(by=make_moderator(), reason="enough")
    below = Comment.objects.filter(pk__in=[comments["child"].pk, comments["grandchild"].pk]).order_by("lft")
    list(below)  # warm
    Comment.objects.filter(pk__in=[c.pk for c in comments.values()]).refresh_stale_pieces()
    with django_assert_num_queries(2):  # the rows, and the locks above the top one
        rows = fetch_rows(below, article=article)
    assert [lock_above(row) for row in rows] == ["enough", "enough"]
    assert not any(row.accepts_replies(article) for row in rows)


def test_the_nearest_lock_gives_the_reason(discussion):
    article, comments = discussion
    moderator = make_moderator()
    comments["root"].lock_replies(by=moderator, reason="outer")
    comments["child"].lock_replies(by=moderator, reason="inner")
    rows = fetch_rows(article.comments.order_by("tree_id", "lft"), article=article)
    by_pk = {row.pk: row.reply_lock for row in rows}
    assert by_pk[comments["grandchild"].pk] == "inner"
    assert by_pk[comments["locked"].pk] == "outer"
    assert fresh(comments["grandchild"]).reply_refusal().endswith(": inner.")
