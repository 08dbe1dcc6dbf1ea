"""Which usernames a reader could misread, and what makes two usernames "the same" to a reader.

Unicode's own rules (UTS #39, through ICU's spoof checker): a name may not hold invisible or blank
characters, nor mix scripts that are not written together (Latin with Cyrillic, say, while Latin
with Han and Kana, as Japanese is written, is fine), and two names are the same when their confusable
skeletons match after NFKC and case folding ("rtmod" and "rtm" + Cyrillic o + "d"; "rn" and "m").
"""

import unicodedata

import icu

USERNAME_TAKEN = "That username is taken (or looks the same as one that is). Please choose another."
INVISIBLE_CHARACTERS = (
    "A username cannot contain invisible or blank characters (spaces, zero-width characters, fillers). "
    "Please choose another."
)
MIXED_SCRIPTS = (
    "A username cannot mix letters or digits of different scripts, such as Latin and Cyrillic, "
    "which readers could mistake for another name. Please choose another."
)
KEY_LENGTH = 600  # the key column's size; a skeleton grows at most a few times the 150-character name

# Default-ignorable code points (zero-width characters, Hangul fillers, variation selectors, the soft
# hyphen), spaces, control, format, private-use and unassigned code points, and the blank Braille cell.
INVISIBLE = icu.UnicodeSet(r"[[:Default_Ignorable_Code_Point:][:White_Space:][:C:][\u2800]]")
INVISIBLE.freeze()  # read-only from here on: safe to share between threads

_checker = icu.SpoofChecker()
_checker.setRestrictionLevel(icu.URestrictionLevel.HIGHLY_RESTRICTIVE)
_checker.setChecks(icu.USpoofChecks.RESTRICTION_LEVEL | icu.USpoofChecks.MIXED_NUMBERS)


def fold(username: str) -> str:
    """NFKC-normalised and case-folded: "Alice", "ALICE" and "ALICE" in full-width letters fold alike,
    as do "Straße" and "STRASSE"."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def username_refusal(username: str) -> str | None:
    """Why `username` cannot be used whoever holds which name, or None."""
    folded = fold(username)
    if any(INVISIBLE.contains(character) for character in folded):
        return INVISIBLE_CHARACTERS
    if _checker.check(folded):
        return MIXED_SCRIPTS
    return None


def username_key(username: str) -> str:
    """The confusable skeleton of the folded name, invisible characters left out: names a reader could
    mistake for each other share it, so its unique row refuses a look-alike even under concurrent sign-ups."""
    visible = "".join(character for character in fold(username) if not INVISIBLE.contains(character))
    return _checker.getSkeleton(0, visible)[:KEY_LENGTH]
