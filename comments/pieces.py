"""A comment's reader-independent HTML, rendered once when the comment changes, with slots for the rest.

Reddit's CachedTemplate in Django's terms: `comments/_comment_piece.html` renders the author line,
the exact time, the body (or the placeholder of a removed comment) and the links every reader
gets, leaving `<!--slot:NAME-->` markers where a value depends on the reader or the clock
(comments/assembly.py fills them). The piece is stored beside the comment (`piece_html`), so a
restart or a cold cache renders nothing again; `piece_version` names the template and renderer
that made it and the state it shows, and a piece of any other version, or made for another state
(a state changed by a plain UPDATE), is re-rendered when it is read
(`CommentQuerySet.refresh_stale_pieces`), or by `manage.py render_pieces` after an upgrade.

Stored, each marker becomes its name between two MARK characters (a control character), which a
plain string split finds at half the cost of a regular expression. User text cannot forge one:
render_piece removes any MARK the rendered text holds before it marks the slots.
"""

import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.db.models import Q
from django.template.loader import get_template
from django.utils import timezone, translation

from comments.times import exact_time

TEMPLATE = "comments/_comment_piece.html"

# Move this when the renderer's code (not its template) changes what a piece holds.
RENDERER_REVISION = 2

SLOT = re.compile(r"<!--slot:([a-z_]+)-->")  # as the template writes a slot
MARK = "\x1f"  # as a stored piece marks one: MARK name MARK


@lru_cache(maxsize=1)
def current_versions() -> dict[str, str]:
    """The version a fresh piece carries, by the comment's state: a short hash of the template and the
    settings it is rendered with (any change re-renders), then the state's initial."""
    source = get_template(TEMPLATE).template.source
    made_with = f"{RENDERER_REVISION}\n{settings.LANGUAGE_CODE}\n{settings.TIME_ZONE}\n{source}"
    digest = hashlib.blake2b(made_with.encode(), digest_size=7).hexdigest()
    return {state: f"{digest}-{state[0]}" for state in ("visible", "hidden", "deleted")}


def version_for(state: str) -> str:
    return current_versions()[state]


# An UPDATE's fields that mark a stored piece stale: it is rendered again when next read.
STALE = {"piece_version": ""}


def fresh() -> Q:
    """Comments whose stored piece is of the current version for their state."""
    condition = Q()
    for state, version in current_versions().items():
        condition |= Q(state=state, piece_version=version)
    return condition


def render_piece(comment, *, show_text: bool = False) -> str:
    """The comment's piece; `show_text` gives the moderators' piece of a removed comment (never stored).

    Rendered in the site's language and time zone whatever request is active, so that every
    reader of a kind may be given it.
    """
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        local = timezone.localtime(comment.created)
        context = {
            "comment": comment,
            "show_text": show_text,
            "iso_time": local.isoformat(timespec="seconds"),
            "exact_time": exact_time(local),
        }
        html = get_template(TEMPLATE).render(context).strip().replace(MARK, "")
    return SLOT.sub(_stored_marker, html)


def _stored_marker(found: re.Match) -> str:
    return f"{MARK}{found[1]}{MARK}"


def piece_fields(comment) -> dict[str, str]:
    """The stored piece of `comment` as it is now, as fields for an UPDATE."""
    return {"piece_html": render_piece(comment), "piece_version": version_for(comment.state)}


AUTHOR_START = '<span class="author">'


def author_html(piece: str, _start: int = len(AUTHOR_START)) -> str:
    """The author's name as the piece shows it, already escaped by the template (every piece opens with it):
    what a page says of a comment elsewhere ("reply to <name>") with no query for the name."""
    return piece[_start : piece.find("</span>", _start)]


def split_piece(piece: str) -> list[str]:
    """Literal text and slot names, alternating: [text, name, text, name, ..., text]."""
    return piece.split(MARK)
