"""Verify the nested-set invariants of every comment tree, without trusting mptt to have kept them."""

from collections.abc import Iterable
from itertools import groupby

from django.db import transaction

from comments.discussion_version import discussion_changed
from comments.models import Comment

Row = tuple[int, int | None, int, int, int, int, int]  # pk, parent, article, tree_id, lft, rght, level
FIELDS = ("pk", "parent_id", "article_id", "tree_id", "lft", "rght", "level")


def problems_in_tree(tree_id: int, rows: list[Row]) -> list[str]:
    found: list[str] = []
    by_pk = {row[0]: row for row in rows}
    roots = [row for row in rows if row[1] is None]
    if len(roots) != 1:
        found.append(f"tree {tree_id}: {len(roots)} roots, expected 1")
    elif roots[0][4] != 1 or roots[0][6] != 0:
        found.append(f"tree {tree_id}: root {roots[0][0]} has lft={roots[0][4]} level={roots[0][6]}")
    bounds = sorted(value for row in rows for value in (row[4], row[5]))
    if bounds != list(range(1, 2 * len(rows) + 1)):
        found.append(f"tree {tree_id}: lft/rght do not cover 1..{2 * len(rows)} exactly once")
    if len({row[2] for row in rows}) != 1:
        found.append(f"tree {tree_id}: comments from more than one article")
    for pk, parent_id, _, _, lft, rght, level in rows:
        if lft >= rght:
            found.append(f"tree {tree_id}: comment {pk} has lft={lft} >= rght={rght}")
        if parent_id is None:
            continue
        parent = by_pk.get(parent_id)
        if parent is None:
            found.append(f"tree {tree_id}: comment {pk}'s parent {parent_id} is in another tree")
            continue
        if not (parent[4] < lft and rght < parent[5]):
            found.append(f"tree {tree_id}: comment {pk} lies outside its parent {parent_id}")
        if level != parent[6] + 1:
            found.append(f"tree {tree_id}: comment {pk} has level {level}, parent has {parent[6]}")
    return found


def find_problems(tree_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
    """Map each broken tree id to what is wrong with it; an empty dict means every tree is sound."""
    queryset = Comment.objects.order_by("tree_id", "lft")
    if tree_ids is not None:
        queryset = queryset.filter(tree_id__in=list(tree_ids))
    broken: dict[int, list[str]] = {}
    rows = queryset.values_list(*FIELDS).iterator(chunk_size=5000)
    for tree_id, tree_rows in groupby(rows, key=lambda row: row[3]):
        if found := problems_in_tree(tree_id, list(tree_rows)):
            broken[tree_id] = found
    return broken


def repair_tree(tree_id: int) -> None:
    """Renumber one tree from its parent links (children in the order they were posted), and render its
    comments' pieces afresh from their stored text; the page shows it next."""
    with transaction.atomic():
        Comment.objects.lock_trees([tree_id])
        Comment.objects.partial_rebuild(tree_id)
        Comment.objects.filter(tree_id=tree_id).mark_pieces_stale()
        Comment.objects.filter(tree_id=tree_id).refresh_stale_pieces()
        for article_id in set(Comment.objects.filter(tree_id=tree_id).values_list("article_id", flat=True)):
            discussion_changed(article_id)
