"""What one page of a discussion holds within its comment budget: pure functions over numbers and rows.

A page is a run of whole top-level threads whose comments together fit the budget (`pack`); a thread
larger than the whole budget has a page of its own and is cut (`cut`): the page shows its first
comments in reading order, and each comment whose replies run on past the cut says how many more
there are and where they start, so a link continues exactly there. A thread's size is known from its
nested-set numbers, without reading its replies: (rght - lft + 1) / 2.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def size(comment: Any) -> int:
    """How many comments `comment` (anything with lft and rght) and its replies at every depth make."""
    return (comment.rght - comment.lft + 1) // 2


def pack(sizes: Sequence[int], budget: int, most: int) -> list[range]:
    """Split threads of these sizes, in page order, into pages: runs of at most `most` threads
    whose sizes add up to at most `budget`. A thread larger than the budget is alone on its page."""
    pages: list[range] = []
    start, used = 0, 0
    for index, thread_size in enumerate(sizes):
        if index > start and (used + thread_size > budget or index - start >= most):
            pages.append(range(start, index))
            start, used = index, 0
        used += thread_size
    if start < len(sizes):
        pages.append(range(start, len(sizes)))
    return pages


@dataclass(frozen=True, slots=True)
class MoreReplies:
    """Replies of a shown comment left past the cut: how many comments they hold (their own replies
    included), the reply shown last before them (None: none of its replies is shown), and the first of them."""

    count: int
    after: int | None
    first: int


def cut(rows: Sequence[Any], budget: int) -> tuple[list[Any], dict[int, MoreReplies]]:
    """The first `budget` of `rows` (in reading order, each after its parent), and for each shown
    comment with replies past the cut, its MoreReplies. The rows shown are a start of the reading
    order, so a comment's replies left out all come after the ones shown."""
    shown = list(rows[:budget])
    if len(shown) == len(rows):
        return shown, {}
    shown_pks = {row.pk for row in shown}
    last_reply: dict[int, int] = {}
    for row in shown:
        if row.parent_id in shown_pks:
            last_reply[row.parent_id] = row.pk
    more: dict[int, MoreReplies] = {}
    for row in rows[budget:]:
        parent = row.parent_id
        if parent in shown_pks:
            earlier = more.get(parent)
            count = size(row) + (earlier.count if earlier else 0)
            more[parent] = MoreReplies(count, last_reply.get(parent), earlier.first if earlier else row.pk)
    return shown, more


def skip_replies_through(rows: Sequence[Any], after: int) -> list[Any]:
    """`rows` (a comment then its replies, in reading order) without its replies up to and including
    the reply `after` and everything under it: the rest of a thread, continued past a cut. Unchanged if
    `after` is not one of the first comment's replies."""
    if not rows:
        return []
    top = rows[0]
    for index, row in enumerate(rows):
        if row.pk == after and row.parent_id == top.pk:
            end = index + 1
            while end < len(rows) and rows[end].level > row.level:
                end += 1
            return [top, *rows[end:]]
    return list(rows)
