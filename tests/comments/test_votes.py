"""Up-votes: once per reader and comment, taken back at will, refused with a reason where they make no sense."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, Suspension, Vote, VoteRefused, unvote, upvote
from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture
def comment(db):
    return make_comment(make_article(), author=make_user("writer"))


def count(comment) -> int:
    return Comment.objects.get(pk=comment.pk).vote_count


def test_a_reader_votes_once_and_can_take_it_back(comment, alice):
    assert upvote(comment, by=alice)
    assert not upvote(comment, by=alice)  # a second click changes nothing
    assert count(comment) == 1 and Vote.objects.count() == 1
    assert unvote(comment, by=alice)
    assert not unvote(comment, by=alice)
    assert count(comment) == 0 and Vote.objects.count() == 0


def test_votes_from_several_readers_add_up(comment, alice, bob):
    upvote(comment, by=alice)
    upvote(comment, by=bob)
    assert count(comment) == 2


def test_no_vote_on_ones_own_comment(comment):
    with pytest.raises(VoteRefused, match="your own comment"):
        upvote(comment, by=comment.author)
    assert count(comment) == 0


@pytest.mark.parametrize("state", [Comment.State.HIDDEN, Comment.State.DELETED])
def test_no_vote_on_a_removed_comment(comment, alice, state):
    Comment.objects.filter(pk=comment.pk).update(state=state)
    with pytest.raises(VoteRefused, match="removed"):
        upvote(comment, by=alice)


def test_no_vote_once_comments_are_closed(comment, alice):
    comment.article.close_comments(by=make_moderator())
    with pytest.raises(VoteRefused, match="closed"):
        upvote(comment, by=alice)


def test_no_vote_from_a_suspended_account(comment, alice):
    Suspension.objects.create(user=alice, until=timezone.now() + timedelta(days=1), reason="Rings", created_by=alice)
    with pytest.raises(VoteRefused, match="suspended"):
        upvote(comment, by=alice)


def test_a_vote_taken_back_after_the_comment_was_removed_is_refused_too(comment, alice):
    upvote(comment, by=alice)
    Comment.objects.filter(pk=comment.pk).update(state=Comment.State.HIDDEN)
    with pytest.raises(VoteRefused):
        unvote(comment, by=alice)
    assert count(comment) == 1


def test_a_report_counts_against_the_comment_once_per_reader(comment, alice):
    comment.report(by=alice, reason="spam")
    comment.report(by=alice, reason="abuse")
    assert Comment.objects.get(pk=comment.pk).report_count == 1


def test_a_vote_does_not_move_the_discussion_version(comment, alice, django_capture_on_commit_callbacks):
    from comments.discussion_version import discussion_version

    before = discussion_version(comment.article_id)
    with django_capture_on_commit_callbacks(execute=True):
        upvote(comment, by=alice)
    assert discussion_version(comment.article_id) == before
