"""Orders for a discussion's comments, computed over the one ordered query: replies stay under their
parents, and siblings at every level are sorted by a key. No query per comment."""

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol


class Ranked(Protocol):
    """What the orders read of a comment (a model instance or a page's row): no import of the models."""

    pk: int
    parent_id: int | None
    vote_count: int
    report_count: int


SORTS = ("old", "new", "best")  # the orders a discussion's pages offer: ?sort=new, ?sort=best


def sort_named(value: str | None) -> str:
    """The order a request names (`?sort=`, or a form's field), or oldest first if it names none of SORTS."""
    return value if value in SORTS else "old"


Z_95 = 1.959963984540054  # the normal quantile of a 95% confidence interval


def wilson_lower_bound(positive: int, total: int, z: float = Z_95) -> float:
    """The lower bound of the Wilson score interval for a share `positive`/`total`: how good a comment
    is at least, given its votes, with 95% confidence. Few votes give a low bound; many good ones a high one.
    """
    if total <= 0:
        return 0.0
    share = positive / total
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (share + z * z / (2 * total) - spread) / (1 + z * z / total)


def confidence(comment: Ranked) -> float:
    """Reddit's "best" and Lobsters' order: up-votes count for a comment, reports against it."""
    return wilson_lower_bound(comment.vote_count, comment.vote_count + comment.report_count)


def siblings_sorted(comments: Sequence[Ranked], key: Callable[[Ranked], Any]) -> list[Ranked]:
    """Reorder a depth-first list so that siblings at every level run in `key` order, each with its replies.

    Python's sort is stable, so siblings with equal keys keep the order they came in: in a list in tree
    order (tree_id, lft), the order they were posted in.
    """
    present = {comment.pk for comment in comments}
    children: dict[int | None, list[Ranked]] = {}
    tops: list[Ranked] = []
    for comment in comments:
        (children.setdefault(comment.parent_id, []) if comment.parent_id in present else tops).append(comment)
    ordered: list[Ranked] = []
    stack = sorted(tops, key=key)[::-1]  # popped from the end: the first in order comes out first
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        replies = children.get(comment.pk)
        if replies:  # most comments have none, many one
            stack += sorted(replies, key=key)[::-1] if len(replies) > 1 else replies
    return ordered


@lru_cache(maxsize=4096)
def _rank(votes: int, reports: int) -> float:
    # A page's comments share few distinct counts (most have no votes): each pair is worked out once.
    return -wilson_lower_bound(votes, votes + reports)


def _best(comment: Ranked) -> float:
    """The sort key of best first: the confidence, highest first."""
    return _rank(comment.vote_count, comment.report_count)


def best_first(comments: Sequence[Ranked]) -> list[Ranked]:
    """Siblings by the lower bound of their Wilson score, highest first; ties oldest first (`comments` in tree
    order: a new comment takes the next tree number, a new reply the place after its older siblings)."""
    return siblings_sorted(comments, key=_best)


def best_first_roots(roots: Sequence[Ranked]) -> list:
    """Top-level comments in tree order (anything with vote_count and report_count), in best order as best_first
    orders them: no dates needed, so a page's top-level rows are numbers only."""
    return sorted(roots, key=_best)
