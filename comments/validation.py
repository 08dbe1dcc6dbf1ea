"""Checks shared by every path that writes user text: forms, admin and imports."""

import unicodedata

from django.core.exceptions import ValidationError

# Line breaks and tabs are how people format text; every other control character is junk
# or an attack (PostgreSQL rejects NUL outright, which would otherwise surface as a 500).
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def normalise_line_endings(text: str) -> str:
    """CRLF (what browsers send from a textarea) and lone CR become LF: the one line break stored."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_control_character(text: str) -> str | None:
    for character in text:
        if character in ALLOWED_CONTROLS:
            continue
        if unicodedata.category(character) == "Cc":
            return character
    return None


def reject_control_characters(text: str) -> None:
    found = find_control_character(text)
    if found is not None:
        raise ValidationError(
            "Remove the control character (code %(code)s) from the text.",
            code="control_character",
            params={"code": f"U+{ord(found):04X}"},
        )


# Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder everything after
# them: "evil.example/" + U+202E + "gepj.exe" shows as "evil.example/exe.jpeg". Nothing typed in a
# comment needs them; they are removed wherever text is written or shown.
BIDI_EMBEDDINGS = {chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# The marks (left-to-right, right-to-left, Arabic letter) only set the direction of the characters
# around them, which right-to-left writing needs, so prose keeps them; link text and names do not.
BIDI_MARKS = {"\u200e", "\u200f", "\u061c"}
BIDI_CONTROLS = BIDI_EMBEDDINGS | BIDI_MARKS
# Real writing stacks at most three or four marks on a letter (Vietnamese two, pointed and
# cantillated Hebrew four); more is a "Zalgo" tower drawn over the lines around it.
MAX_COMBINING_MARKS = 4

_WITHOUT_EMBEDDINGS = str.maketrans(dict.fromkeys(BIDI_EMBEDDINGS))
_WITHOUT_BIDI_CONTROLS = str.maketrans(dict.fromkeys(BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    """Every bidirectional control removed: for names and link text, where no mark is needed."""
    return text.translate(_WITHOUT_BIDI_CONTROLS)


def cap_combining_marks(text: str, limit: int = MAX_COMBINING_MARKS) -> str:
    """At most `limit` combining marks on each character; the rest of a stack is dropped.

    Invisible format characters (a zero-width joiner, say) do not start a new stack, so they
    cannot be used to smuggle a tower past the cap.
    """
    if text.isascii():  # no marks at all: most comments
        return text
    kept: list[str] = []
    stacked = 0
    for character in text:
        category = unicodedata.category(character)
        if category in ("Mn", "Me"):
            stacked += 1
            if stacked > limit:
                continue
        elif category != "Cf":
            stacked = 0
        kept.append(character)
    return "".join(kept)


def normalise_text(text: str) -> str:
    """User text as it is stored and shown: line breaks as \\n, no bidi embedding or override,
    no tower of combining marks. Every writer of comments goes through it (Comment.save and the
    edit verbs), and rendering applies it again to text stored before it existed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_WITHOUT_EMBEDDINGS)
    return cap_combining_marks(text)


def normalise_name(name: str) -> str:
    """A display name: one line of text, no bidirectional control at all, no tower of marks."""
    return cap_combining_marks(without_bidi_controls(name))
