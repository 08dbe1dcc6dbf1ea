"""Best first: every level ordered by the lower bound of the Wilson score interval, replies under their parents."""

from types import SimpleNamespace

import pytest

from comments.ordering import best_first, wilson_lower_bound


@pytest.mark.parametrize(
    ("positive", "total", "expected"),
    [
        (0, 0, 0.0),  # no votes: no confidence at all
        (0, 1, 0.0),
        (1, 1, 0.2065),  # one up-vote, worked by hand: (1 + 1.9208 - 1.9604·√(0 + 0.9604)) / (1 + 3.8415)
        (10, 10, 0.7225),
        (5, 10, 0.2366),
        (100, 100, 0.9630),
    ],
)
def test_the_wilson_lower_bound_matches_hand_computed_values(positive, total, expected):
    assert wilson_lower_bound(positive, total) == pytest.approx(expected, abs=5e-5)


def test_ten_of_ten_beats_one_of_one_and_many_reports_sink_a_comment():
    assert wilson_lower_bound(10, 10) > wilson_lower_bound(1, 1)
    assert wilson_lower_bound(10, 20) < wilson_lower_bound(10, 10)


def node(pk, parent=None, votes=0, reports=0, minute=0):
    return SimpleNamespace(pk=pk, parent_id=parent, vote_count=votes, report_count=reports, created=minute)


def test_each_level_is_ordered_by_confidence_and_replies_follow_their_parent():
    # Reading order (tree_id, lft) as the page's query returns it.
    comments = [
        node(1, votes=0, minute=1),
        node(2, parent=1, votes=3, minute=2),
        node(3, parent=1, votes=9, minute=3),
        node(4, parent=3, minute=4),
        node(5, votes=5, minute=5),
        node(6, votes=5, reports=5, minute=6),
    ]
    assert [comment.pk for comment in best_first(comments)] == [5, 6, 1, 3, 4, 2]


def test_without_votes_the_order_is_oldest_first():
    comments = [node(1, minute=1), node(2, parent=1, minute=2), node(3, parent=1, minute=3), node(4, minute=4)]
    assert [comment.pk for comment in best_first(comments)] == [1, 2, 3, 4]
