"""Orders for a discussion's comments, computed over the one ordered query: replies stay under their
parents, and siblings at every level are sorted by a key. No query per comment."""

import math
from collections.abc import Callable, Sequence
from typing import Any, Protocol


class Ranked(Protocol):
    """What the orders read of a comment (a model instance or a page's row): no import of the models."""

    pk: int
    parent_id: int | None
    vote_count: int
    report_count: int
    created: Any


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

    Python's sort is stable, so siblings with equal keys keep the order they came in (oldest first).
    """
    present = {comment.pk for comment in comments}
    children: dict[int | None, list[Ranked]] = {}
    tops: list[Ranked] = []
    for comment in comments:
        (children.setdefault(comment.parent_id, []) if comment.parent_id in present else tops).append(comment)
    ordered: list[Ranked] = []
    stack = sorted(tops, key=key, reverse=True)  # popped from the end: the first in order comes out first
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(sorted(children.get(comment.pk, ()), key=key, reverse=True))
    return ordered


def _best(comment) -> tuple:
    return (-confidence(comment), comment.created)


def best_first(comments: Sequence[Ranked]) -> list[Ranked]:
    """Siblings by the lower bound of their Wilson score, highest first; ties oldest first."""
    return siblings_sorted(comments, key=lambda comment: (*_best(comment), comment.pk))


def best_first_roots(roots) -> list:
    """Top-level comments (anything with vote_count, report_count, created and tree_id) in best order."""
    return sorted(roots, key=lambda root: (*_best(root), root.tree_id))
