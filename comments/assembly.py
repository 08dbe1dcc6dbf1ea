"""A page's discussion assembled from stored pieces: one pass over the rows, a string join.

Each comment's piece (comments/pieces.py) holds everything every reader of a kind sees; this
module fills its slots for one reader and wraps it in the nesting markup comments/layout.py
decides. No template is rendered here, and nothing reads the database.

A new per-reader value is a slot: a `<!--slot:NAME-->` marker in comments/_comment_piece.html
(which re-renders every stored piece, its version being the template's hash), and a function
`NAME(entry, reader) -> str` in FILLERS below. Whatever the function needs for the whole page
(the reader's votes, their last visit) is read once and carried by `Reader`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from html import unescape

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from comments.layout import Entry
from comments.models import comment_url, is_moderator, vote_rule_for, voted_on
from comments.moderator_actions import actions_allowed
from comments.pieces import MARK, author_html, split_piece
from comments.times import relative_label


@dataclass(slots=True)
class Reader:
    """Who reads the page, and what the slots need to know about them, read once per page."""

    user: object
    article: object
    signed_in: bool
    moderator: bool
    now: datetime
    language: str | None
    # Each link a comment may carry, split where its primary key goes: read once per page, because
    # the URL prefix and the language live in context-local storage that is slow to read per comment.
    urls: dict[str, tuple[str, str]]
    # The comments of the page this reader has up-voted (read once: Reader.with_votes).
    voted: frozenset = frozenset()
    # The comments new since the reader's previous visit, each with the next new one (Reader.with_visit).
    new: dict[int, int | None] = field(default_factory=dict)
    # The moderator actions this reader's permissions allow (comments/moderator_actions.py).
    may: frozenset = frozenset()
    user_id: int | None = None  # the signed-in reader's, read once (a model's pk is a property)
    # Why this reader may not vote on a comment of the article, or None: comments.models.vote_rule_for, set by of().
    vote_refusal: Callable | None = None

    @classmethod
    def of(cls, user, article) -> "Reader":
        user = _unwrapped(user)
        signed_in = user.is_authenticated
        moderator = signed_in and is_moderator(user)
        urls = {name: _split_url(comment_url(f"comments:{name}", _PK_MARK)) for name in COMMENT_LINKS}
        if moderator:
            # The admin's pattern names its argument object_id, which comment_url() does not fill.
            urls["moderate"] = _split_url(reverse("admin:comments_comment_change", args=[_PK_MARK]))
            urls.update({name: _split_url(comment_url(f"comments:{name}", _PK_MARK)) for name in MODERATION_LINKS})
        may = actions_allowed(user) if moderator else frozenset()
        reader = cls(user, article, signed_in, moderator, timezone.now(), get_language(), urls, may=may)
        reader.user_id, reader.vote_refusal = user.pk if signed_in else None, vote_rule_for(user, article)
        return reader

    def with_votes(self) -> "Reader":
        """This reader, knowing which comments of the article they up-voted: one query, signed-in readers only."""
        if self.signed_in:
            self.voted = frozenset(voted_on(self.user, self.article))
        return self

    def with_visit(self, previous_visit: datetime | None, entries: Iterable[Entry]) -> "Reader":
        """This reader, knowing which comments shown are new to them: visible, someone else's, posted since
        `previous_visit` (ArticleVisit.record). One pass; nothing for a first visit or anonymous readers."""
        if previous_visit is not None and self.signed_in:
            me = self.user_id
            new = [
                entry.comment.pk
                for entry in entries
                if entry.comment.created > previous_visit and entry.comment.author_id != me and entry.comment.is_visible
            ]
            self.new = dict(zip(new, [*new[1:], None], strict=False))  # the last has no next
        return self

    @property
    def first_new(self) -> int | None:
        return next(iter(self.new), None)

    def url(self, name: str, pk: int) -> str:
        before, after = self.urls[name]
        return f"{before}{pk}{after}"


_PK_MARK = 9_007_199_254_740_993
COMMENT_LINKS = ("reply", "edit", "delete", "report", "appeal", "vote", "comment_detail")
# Moderators' actions from the thread (comments/thread_moderation.py), reversed for moderators only.
MODERATION_LINKS = ("hide", "unhide", "lock_replies", "unlock_replies", "suspend_author")


def _unwrapped(user):
    # request.user is a lazy proxy: every attribute read through it costs a few function calls, and the
    # rules read the user's pk for every comment. The rules get the user itself.
    if isinstance(user, LazyObject):
        user.pk  # noqa: B018  (evaluates the proxy)
        return user._wrapped
    return user


def _split_url(url: str) -> tuple[str, str]:
    before, _, after = url.partition(str(_PK_MARK))
    return before, after


def name_of(entry: Entry) -> str:
    """How a page names a comment elsewhere (escaped HTML): its author, or, removed, nobody. Worked out once
    per comment and page (its replies and its own links ask again)."""
    name = entry.name
    if not name:
        comment = entry.comment
        name = entry.name = author_html(comment.piece) if comment.is_visible else "a removed comment"
    return name


def thread_links(entry: Entry, reader: Reader) -> str:
    """Moving around in the order shown: the thread's root, the previous and next sibling, the next new comment."""
    links = ""
    if entry.root:
        links += f'\n  <a href="#c{entry.root}">root</a>'
    if entry.previous:
        links += f'\n  <a href="#c{entry.previous}">prev</a>'
    if entry.next:
        links += f'\n  <a href="#c{entry.next}">next</a>'
    if reader.new:
        following = reader.new.get(entry.comment.pk)
        if following:
            links += f'\n  <a href="#c{following}" class="next-new">next new</a>'
    return links


def links(entry: Entry, reader: Reader) -> str:
    """The comment's links after the piece's own: moving around, then what this reader may do."""
    return f"{thread_links(entry, reader)}\n  {reader_links(entry, reader)}"


def relative_time(entry: Entry, reader: Reader) -> str:
    return relative_label(entry.comment.created, reader.now, reader.language, html=True)


def folded_count(entry: Entry, reader: Reader) -> str:
    count = entry.reply_count
    if not count:
        return ""
    return f'<span class="folded-count">({count} more comment{"" if count == 1 else "s"})</span>'


def reader_links(entry: Entry, reader: Reader) -> str:
    """Reply for everyone where the comment takes replies; edit, delete, report and moderate as the
    model's rules allow this reader."""
    comment, article = entry.comment, reader.article
    pk = comment.pk
    links = []
    if comment.accepts_replies(article):
        reply = reader.url("reply", pk)
        label = f' aria-label="reply to {name_of(entry)}"'
        links.append(f'<a href="{reply}" class="reply-link" data-reply-to="{pk}" rel="nofollow"{label}>reply</a>')
    if reader.signed_in:  # anonymous readers, most of them, skip the checks below on every comment
        user = reader.user
        # Editing, deleting and appealing are the author's alone, reporting everyone else's (each rule says
        # so first): a comment is asked only the rules that can answer yes for this reader.
        if comment.author_id == reader.user_id:
            if comment.is_editable_by(user, article):
                links.append(f'<a href="{reader.url("edit", pk)}" rel="nofollow">edit</a>')
            if comment.is_deletable_by(user):
                links.append(f'<a href="{reader.url("delete", pk)}" rel="nofollow">delete</a>')
            if comment.is_appealable_by(user):
                links.append(f'<a href="{reader.url("appeal", pk)}" rel="nofollow">appeal this removal</a>')
        elif comment.is_reportable_by(user):
            label = f' aria-label="report comment by {name_of(entry)}"'
            links.append(f'<a href="{reader.url("report", pk)}" rel="nofollow"{label}>report</a>')
        if reader.moderator:
            links.append(f'<a href="{reader.url("moderate", pk)}" class="moderate-link">moderate</a>')
            links.append(moderation_actions(comment, reader))
    return "\n  ".join(links)


def moderation_actions(comment, reader: Reader) -> str:
    """A moderator's actions on one comment, each a link to its form (opened in place by
    static/js/moderation.js): hide or unhide, lock or unlock replies below it, suspend its author."""
    pk, state = comment.pk, comment.state
    actions = []
    if state == comment.State.VISIBLE:
        actions.append(("hide", "hide"))
    elif state == comment.State.HIDDEN:
        actions.append(("unhide", "unhide"))
    if comment.replies_locked_at is not None:
        actions.append(("unlock_replies", "unlock replies"))
    elif comment.reply_lock is None:  # not inside a sub-thread locked further up
        actions.append(("lock_replies", "lock replies"))
    if comment.author_id is not None and comment.author_id != reader.user_id:
        actions.append(("suspend_author", "suspend author"))
    if not actions:
        return ""
    links = "\n    ".join(
        f'<a href="{reader.url(name, pk)}" class="moderation-action" rel="nofollow">{label}</a>'
        for name, label in actions
        if name in reader.may
    )
    return f'<span class="moderation-actions">\n    {links}\n  </span>'


def vote(entry: Entry, reader: Reader) -> str:
    """The up-votes (everyone sees the count, as on Lobsters), and a button for readers who may vote."""
    comment = entry.comment
    if not comment.is_visible:
        return ""
    count = comment.vote_count
    label = f"{count} vote{'' if count == 1 else 's'}"
    if not reader.signed_in or reader.vote_refusal(comment):
        return f'<p class="score">{label}</p>'
    voted = comment.pk in reader.voted
    # One form per page (id "vote-form", with the CSRF token) that every button submits: a few bytes a comment.
    return (
        f'<p class="vote"><button type="submit" form="vote-form" formaction="{reader.url("vote", comment.pk)}"'
        f' name="vote" value="{"down" if voted else "up"}" class="vote-button"'
        f' aria-pressed="{"true" if voted else "false"}" aria-label="Up-vote ({label})">'
        f'&#9650; <span class="vote-count">{count}</span></button></p>'
    )


FILLERS: dict[str, Callable[[Entry, Reader], str]] = {
    "relative_time": relative_time,
    "folded_count": folded_count,
    "vote": vote,
    "reader_links": links,
}

# Where a piece's meta line ends depends on where it is shown: a thread folds it in a <summary>.
META_END = "meta_end"
CLOSE_COMMENT = "</details></article></li>"
CLOSE_REPLIES = "</ol>" + CLOSE_COMMENT


def _fill(out: list[str], entry: Entry, reader: Reader, meta_end: str) -> None:
    parts = split_piece(entry.comment.piece)
    for index in range(1, len(parts), 2):  # each slot's name replaced by its value, in place
        name = parts[index]
        parts[index] = meta_end if name == META_END else FILLERS[name](entry, reader)
    out += parts


def _state_class(comment) -> str:
    return "" if comment.is_visible else f" is-{comment.state}"


@cache
def _heading(depth: int) -> tuple[str, str]:
    """A comment's meta line is a heading one level below its parent's (the discussion's is h2), so a
    screen reader moves comment to comment, or level to level; past h6, aria-level goes on counting.
    The heading's tag, and what closes it and the meta line."""
    level = depth + 3
    if level <= 6:
        return f"h{level}", f"</h{level}></summary>"
    return f'h6 aria-level="{level}"', "</h6></summary>"


def _meta_end(entry: Entry, closing: str) -> str:
    """Whom the comment answers and how deep it sits, words for screen readers (indentation does not reach
    them), and where indentation does not show the parent to the eye either, a line saying so."""
    parent = entry.parent
    if parent is None:
        return f'<span class="visually-hidden">, level {entry.comment.level + 1}</span>{closing}'
    name = name_of(parent)
    end = f'<span class="visually-hidden">, reply to {name}, level {entry.comment.level + 1}</span>{closing}'
    if entry.detached:
        end += f'\n<p class="reply-to">reply to <a href="#c{parent.comment.pk}">{name}</a></p>'
    return end


def assemble_thread(entries: Iterable[Entry], reader: Reader, *, sort: str = "old") -> list[bytes]:
    """The nested list of a discussion (what comments/_thread.html rendered), for `reader`, as UTF-8 HTML in
    chunks (the response joins them: comments/assembled_response.py); the links that continue it elsewhere keep the
    page's `sort`.

    Each comment is an article named by its meta line, a heading (_heading), marked "new" first for a
    reader who has not seen it."""
    sorted_by = "" if sort == "old" else f"sort={sort}"
    entries = entries if isinstance(entries, list) else list(entries)
    cut = any(entry.more is not None for entry in entries)  # links past the page's cut close some lists
    out = ['<ol class="thread">\n']
    done: list[bytes] = []  # what `out` held, encoded a few comments at a time (FLUSH_PARTS)
    opened: list[Entry] = []  # when cut: the entries whose lists of replies are open, innermost last
    new = reader.new
    for entry in entries:
        if len(out) > FLUSH_PARTS:
            done.append("".join(out).encode())
            out.clear()
        comment = entry.comment
        pk = comment.pk
        tag, closing = _heading(entry.depth)
        out.append(
            f'<li class="comment depth-{entry.depth}{_state_class(comment)}" id="c{pk}">\n'
            f'<article class="comment-article" aria-labelledby="c{pk}-h">\n<details class="comment-fold" open>\n'
            f'<summary class="comment-meta"><{tag} id="c{pk}-h">'
        )
        if new and pk in new:
            out.append('<strong class="new-mark">new</strong> ')
        _fill(out, entry, reader, _meta_end(entry, closing))
        if entry.continues_elsewhere:
            permalink = reader.url("comment_detail", comment.pk)
            query = f"?{sorted_by}" if sorted_by else ""
            out.append(
                f'\n<p class="continue"><a href="{permalink}{query}#c{comment.pk}">Continue this thread &rarr;</a></p>'
            )
        if entry.opens_replies:
            if cut:
                opened.append(entry)
            out.append('\n<ol class="replies">' if entry.indents_replies else '\n<ol class="replies flat">')
        elif cut:
            out.append(_more_replies(entry, reader, sorted_by) + "\n" + CLOSE_COMMENT)
            for _ in range(entry.closes):
                out.append("</ol>" + _more_replies(opened.pop(), reader, sorted_by) + CLOSE_COMMENT)
            out.append("\n")
        else:
            out.append("\n" + CLOSE_COMMENT + CLOSE_REPLIES * entry.closes + "\n")
    out.append("</ol>\n")
    done.append("".join(out).encode())
    # Safe: pieces are rendered by the template engine with autoescaping, and every value added
    # here is a number, a fixed string, a URL reversed from a number, a label made of them, or a
    # name taken from a piece (comments.pieces.author_html), escaped there by the template.
    return done


# How many strings the assembly holds before it encodes them: a thread of thousands of comments is
# kept as UTF-8 bytes (one byte a character of markup) rather than as its many small strings and one
# large one (up to four bytes a character, once a comment has an emoji), and is never encoded whole.
# A few dozen comments a chunk: one comment's wide character (a curly quote) widens only its chunk.
FLUSH_PARTS = 400


def _more_replies(entry: Entry, reader: Reader, sorted_by: str) -> str:
    """The link past the page's cut under a comment: its own page, from the first reply not shown here."""
    more = entry.more
    if more is None:
        return ""
    query = "&".join(part for part in (f"after={more.after}" if more.after else "", sorted_by) if part)
    href = f"{reader.url('comment_detail', entry.comment.pk)}{'?' + query if query else ''}#c{more.first}"
    label = f"{more.count} more repl{'y' if more.count == 1 else 'ies'}"
    named = f"{label} to {name_of(entry)}"  # a screen reader's list of links says whose replies
    return f'\n<p class="more-replies"><a href="{href}" aria-label="{named}">{label} &rarr;</a></p>'


def assemble_ancestors(entries: Iterable[Entry], reader: Reader) -> SafeString:
    """The comments above a comment's own page, unnested: its context, each folded to one line (its
    author, time and the start of its text) that opens on the whole comment, with a link to its own page."""
    out = []
    for entry in entries:
        comment = entry.comment
        out.append(
            f'<li class="ancestor{_state_class(comment)}" id="c{comment.pk}">\n'
            '<details class="ancestor-fold">\n<summary class="comment-meta">'
        )
        _fill(out, entry, reader, f'<span class="ancestor-excerpt">{_excerpt(comment.piece)}</span></summary>')
        permalink = reader.url("comment_detail", comment.pk)
        out.append(
            f'\n</details>\n<a class="ancestor-link" href="{permalink}#c{comment.pk}"'
            ' aria-label="This earlier comment on its own page">link</a>\n</li>\n'
        )
    return mark_safe("".join(out))  # noqa: S308  (as assemble_thread; the excerpt is escaped)


EXCERPT_LENGTH = 90


def _excerpt(piece: str) -> str:
    """The start of a piece's text (or of its placeholder), escaped: what a folded ancestor shows."""
    body = piece.partition(f"{MARK}{META_END}{MARK}")[2].partition(MARK)[0]
    text = " ".join(strip_tags(body).split())
    return escape(Truncator(unescape(text)).chars(EXCERPT_LENGTH))
