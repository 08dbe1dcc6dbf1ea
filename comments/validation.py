"""Checks shared by every path that writes user text: forms, admin and imports."""

import unicodedata

from django.core.exceptions import ValidationError

# Line breaks and tabs are how people format text; every other control character is junk
# or an attack (PostgreSQL rejects NUL outright, which would otherwise surface as a 500).
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


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
