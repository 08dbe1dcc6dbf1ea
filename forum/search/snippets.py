"""A snippet of matching text made safe to show: escaped, with the matched words marked.

The database marks matches with two private-use characters rather than HTML, so the text
around them can be escaped whole; the markers are then turned into <mark> tags, always
balanced, whatever a comment's author may have typed (their text can hold the same characters).
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
STOP = "\ue001"
ELLIPSIS = "…"


def snippet_html(text: str) -> SafeString:
    """Escaped `text` with each START…STOP span as <mark>…</mark>."""
    parts: list[str] = []
    marking = False
    for piece in _split(text):
        if piece == START and not marking:
            parts.append("<mark>")
            marking = True
        elif piece == STOP and marking:
            parts.append("</mark>")
            marking = False
        elif piece not in (START, STOP):
            parts.append(escape(piece))
    if marking:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308  every piece of text above is escaped


def _split(text: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    for character in text:
        if character in (START, STOP):
            pieces.extend(["".join(current), character])
            current = []
        else:
            current.append(character)
    pieces.append("".join(current))
    return [piece for piece in pieces if piece]
