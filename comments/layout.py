"""Lay out a discussion for one pass of a template loop.

The comments arrive from one ordered query as a flat list (tree_id, lft order is
depth-first reading order). Each entry says how deep it sits, whether it opens a
list of replies, and how many lists close after it, so the template nests them
with no recursion: a thread of any size or depth renders in one loop.

The same pass links each entry to what a reader moves to from it, in the order shown (which the
sorts decide): its parent's entry, the root of its thread, and its previous and next siblings.
Where indentation no longer shows the parent (flat lists below INDENT_DEPTH, the top of a
comment's own page) the entry is `detached`, and the page names the parent in words.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from comments.budget import MoreReplies


class Comment(Protocol):
    """What a layout reads of a comment: a model instance, or a page's row (comments/rows.py). Named here,
    not imported, so the models may lay out comments themselves (comments/models/thread_pages.py)."""

    pk: int
    parent_id: int | None
    level: int
    lft: int
    rght: int

    @property
    def is_visible(self) -> bool: ...


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
    parent: "Entry | None" = None  # the parent's entry on this page (or among the entries shown above it)
    root: int | None = None  # the pk of the thread's first comment, for a reply two or more levels down
    previous: int | None = None  # the pks of the siblings shown before and after it
    next: int | None = None
    name: str = ""  # how the page names the comment in other comments' lines (comments/assembly.py name_of)
    more: "MoreReplies | None" = None  # replies left past the page's cut (comments/budget.py)

    @property
    def closes_range(self) -> range:
        return range(self.closes)

    @property
    def indents_replies(self) -> bool:
        return self.depth < INDENT_DEPTH

    @property
    def detached(self) -> bool:
        """A reply whose parent its indentation does not show: in a flat list, or first on its own page."""
        return self.parent is not None and (self.depth > INDENT_DEPTH or self.depth == 0)


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
    above: Sequence[Entry] = (),
) -> list[Entry]:
    """Entries for a template loop; comments deeper than `max_depth` below the top are left to their own page.
    `more` (from comments.budget.cut) gives the comments whose replies run on past the page's cut.

    `above` are entries shown before these on the same page (a comment's ancestors, on its own page):
    the first comment's parent and root are found among them."""
    comments = list(comments)
    if not comments:
        return []
    if newest:
        comments = newest_first(comments)
    base_level = min(comment.level for comment in comments)
    entries: list[Entry] = []
    # path[d] is the last entry seen at depth d: the entries around the current one. Depth-first, the entry
    # still at a comment's own depth when it comes is its previous sibling in the order shown.
    by_pk = {entry.comment.pk: entry for entry in above}
    top = above[0].comment.pk if above else None
    path: list[Entry | None] = []
    for comment in comments:
        depth = comment.level - base_level
        if depth > max_depth:
            continue
        reply_count = (comment.rght - comment.lft - 1) // 2
        if len(path) > depth:
            previous = path[depth]
            del path[depth:]
        else:  # deeper than the entries open: its parent is not laid out here (a list cut at its start)
            previous = None
            path += [None] * (depth - len(path))
        parent = path[-1] if depth else None
        if parent is not None:
            root = path[0].comment.pk if depth > 1 and path[0] is not None else None
        else:
            parent = by_pk.get(comment.parent_id) if by_pk else None
            root = top if parent is not None and parent.comment.pk != top else None
        entry = Entry(
            comment,
            depth,
            comment.is_visible or show_hidden_text,
            reply_count,
            continues_elsewhere=depth == max_depth and reply_count > 0,
            parent=parent,
            root=root,
        )
        if previous is not None:
            previous.next, entry.previous = comment.pk, previous.comment.pk
        path.append(entry)
        entries.append(entry)
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
