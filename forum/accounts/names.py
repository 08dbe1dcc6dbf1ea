"""What makes two usernames "the same" to a reader."""

import unicodedata

USERNAME_TAKEN = "That username is taken (or looks the same as one that is). Please choose another."


def username_key(username: str) -> str:
    """NFKC-normalised and case-folded: "Alice", "ALICE" and the same name in full-width letters share a key,
    as do "Straße" and "STRASSE"."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())
