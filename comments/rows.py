"""A comment as a page reads it: the few columns the page needs, as a slotted row, not a model.

A thousand model instances cost a page more than its query; a page of rows costs little more
than the tuples themselves. The rules a page's links ask (`accepts_replies`, `is_editable_by`,
...) are the model's own functions, borrowed unchanged: each reads only attributes a row carries,
so the one statement of each rule stays on `Comment`.
"""

from comments import pieces
from comments.models import Comment
from comments.models.reply_lock import carry_locks

# The columns a page of comments reads, in Row's order ("piece" is the stored piece_html).
ROW_FIELDS = (
    "pk",
    "parent_id",
    "tree_id",
    "lft",
    "rght",
    "level",
    "state",
    "author_id",
    "created",
    "piece_html",
    "piece_version",
    "vote_count",
    "report_count",
    "replies_locked_at",
    "replies_locked_reason",
)


class Row:
    __slots__ = (
        "article",
        "author_id",
        "created",
        "level",
        "lft",
        "parent_id",
        "piece",
        "piece_version",
        "pk",
        "replies_locked_at",
        "replies_locked_reason",
        "reply_lock",  # the nearest lock on the comment or above it: comments/models/reply_lock.py
        "report_count",
        "rght",
        "state",
        "tree_id",
        "vote_count",
    )

    State = Comment.State
    MAX_DEPTH = Comment.MAX_DEPTH

    # The model's rules, as written there (comments/models/comment.py).
    is_visible = Comment.is_visible
    reply_refusal = Comment.reply_refusal
    accepts_replies = Comment.accepts_replies
    is_editable_by = Comment.is_editable_by
    _author_edit_refusal = Comment._author_edit_refusal
    delete_refusal = Comment.delete_refusal
    is_deletable_by = Comment.is_deletable_by
    _withdrawn_refusal = Comment._withdrawn_refusal
    is_reportable_by = Comment.is_reportable_by
    _author_report_refusal = Comment._author_report_refusal
    is_appealable_by = Comment.is_appealable_by

    def __init__(
        self,
        article,
        pk,
        parent_id,
        tree_id,
        lft,
        rght,
        level,
        state,
        author_id,
        created,
        piece,
        piece_version,
        vote_count=0,
        report_count=0,
        replies_locked_at=None,
        replies_locked_reason="",
    ):
        self.pk, self.parent_id, self.tree_id = pk, parent_id, tree_id
        self.lft, self.rght, self.level = lft, rght, level
        self.state, self.author_id, self.created = state, author_id, created
        self.piece, self.piece_version, self.article = piece, piece_version, article
        self.vote_count, self.report_count = vote_count, report_count
        self.replies_locked_at, self.replies_locked_reason = replies_locked_at, replies_locked_reason
        self.reply_lock = None

    def __repr__(self) -> str:
        return f"<Row {self.pk} level {self.level} {self.state}>"


def fetch_rows(comments, *, article, show_hidden_text: bool = False, above=()) -> list[Row]:
    """The rows of `comments` (a Comment queryset, in reading order) with pieces ready to assemble.

    One query, plus one to render and store pieces of an older template version (after an
    upgrade), plus one for a moderator's view of removed comments, whose text only they see.
    Each row learns whether replies are locked at or above it from the rows and `above` (the rows of
    the comments above these, if not among them): one more query only if some row's parent is in neither.
    """
    # Each row carries the page's own article: the rules need no query per comment.
    rows = [Row(article, *values) for values in comments.values_list(*ROW_FIELDS)]
    carry_locks(rows, above=above)
    versions, visible = pieces.current_versions(), Comment.State.VISIBLE
    stale, removed = [], []
    for row in rows:
        if row.piece_version != versions[row.state]:
            stale.append(row.pk)
        if row.state != visible:
            removed.append(row.pk)
    if stale:
        fresh = Comment.objects.filter(pk__in=stale).refresh_stale_pieces()
        for row in rows:
            row.piece = fresh.get(row.pk, row.piece)
    if removed and show_hidden_text:
        shown = {
            comment.pk: pieces.render_piece(comment, show_text=True)
            for comment in Comment.objects.filter(pk__in=removed).select_related("author")
        }
        for row in rows:
            row.piece = shown.get(row.pk, row.piece)
    return rows
