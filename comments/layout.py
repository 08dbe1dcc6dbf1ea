"""Lay out a discussion for one pass of a template loop.

The comments arrive from one ordered query as a flat list (tree_id, lft order is
depth-first reading order). Each entry says how deep it sits, whether it opens a
list of replies, and how many lists close after it, so the template nests them
with no recursion: a thread of any size or depth renders in one loop.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from comments.budget import MoreReplies
    from comments.models import Comment

INDENT_DEPTH = 4  # deeper replies stop moving right, so a 360px phone keeps room for the text


@dataclass(slots=True)
class Entry:
    comment: "Comment"
    depth: int
    show_text: bool
    reply_count: int  # every comment below this one, folded with it when collapsed
    opens_replies: bool = False
    closes: int = 0
    continues_elsewhere: bool = False
    more: "MoreReplies | None" = None  # replies left past the page's cut (comments/budget.py)

    @property
    def closes_range(self) -> range:
        return range(self.closes)

    @property
    def indents_replies(self) -> bool:
        return self.depth < INDENT_DEPTH


def newest_first(comments: Sequence["Comment"]) -> list["Comment"]:
    """Reorder a depth-first list so that siblings at every level run newest first."""
    children: dict[int | None, list[Comment]] = {}
    present = {comment.pk for comment in comments}
    tops: list[Comment] = []
    for comment in comments:
        if comment.parent_id in present:
            children.setdefault(comment.parent_id, []).append(comment)
        else:
            tops.append(comment)
    ordered: list[Comment] = []
    stack = list(tops)  # popping from the end yields the newest first
    while stack:
        comment = stack.pop()
        ordered.append(comment)
        stack.extend(children.get(comment.pk, ()))
    return ordered


def layout(
    comments: Iterable["Comment"],
    *,
    show_hidden_text: bool = False,
    newest: bool = False,
    max_depth: int,
    more: "dict[int, MoreReplies] | None" = None,
) -> list[Entry]:
    """Entries for a template loop; comments deeper than `max_depth` below the top are left to their own page.
    `more` (from comments.budget.cut) gives the comments whose replies run on past the page's cut."""
    comments = list(comments)
    if not comments:
        return []
    if newest:
        comments = newest_first(comments)
    base_level = min(comment.level for comment in comments)
    entries: list[Entry] = []
    for comment in comments:
        depth = comment.level - base_level
        if depth > max_depth:
            continue
        reply_count = (comment.rght - comment.lft - 1) // 2
        entries.append(
            Entry(
                comment=comment,
                depth=depth,
                show_text=comment.is_visible or show_hidden_text,
                reply_count=reply_count,
                continues_elsewhere=depth == max_depth and reply_count > 0,
            )
        )
    if more:
        for entry in entries:
            entry.more = more.get(entry.comment.pk)
    for index, entry in enumerate(entries):
        next_depth = entries[index + 1].depth if index + 1 < len(entries) else 0
        if next_depth > entry.depth:
            entry.opens_replies = True
        else:
            entry.closes = entry.depth - next_depth
    return entries
