"""Best first: every level ordered by the lower bound of the Wilson score interval, replies under their parents."""

from types import SimpleNamespace

import pytest

from comments.ordering import best_first, best_first_roots, wilson_lower_bound


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


def node(pk, parent=None, votes=0, reports=0):
    return SimpleNamespace(pk=pk, parent_id=parent, vote_count=votes, report_count=reports)


def test_each_level_is_ordered_by_confidence_and_replies_follow_their_parent():
    # Reading order (tree_id, lft) as the page's query returns it.
    comments = [
        node(1, votes=0),
        node(2, parent=1, votes=3),
        node(3, parent=1, votes=9),
        node(4, parent=3),
        node(5, votes=5),
        node(6, votes=5, reports=5),
    ]
    assert [comment.pk for comment in best_first(comments)] == [5, 6, 1, 3, 4, 2]


def test_without_votes_the_order_is_oldest_first():
    comments = [node(1), node(2, parent=1), node(3, parent=1), node(4)]
    assert [comment.pk for comment in best_first(comments)] == [1, 2, 3, 4]


def test_equal_scores_keep_the_order_posted_at_every_level():
    # Tree order is the order of posting: five threads, two replies each, every pair of siblings tied.
    comments = []
    for top in range(1, 6):
        votes = 2 if top in (2, 4) else 0
        comments += [node(top * 10, votes=votes), *(node(top * 10 + reply, parent=top * 10) for reply in (1, 2))]
    expected = [20, 21, 22, 40, 41, 42, 10, 11, 12, 30, 31, 32, 50, 51, 52]
    assert [comment.pk for comment in best_first(comments)] == expected


def test_the_pages_order_top_level_threads_as_the_page_orders_them():
    tops = [SimpleNamespace(pk=n, parent_id=None, tree_id=n, vote_count=n % 3, report_count=n % 2) for n in range(30)]
    assert [root.tree_id for root in best_first_roots(tops)] == [top.pk for top in best_first(tops)]
