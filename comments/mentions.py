"""@username mentions in a comment's text: found by the site's username rules, resolved in one query.

The one parser: rendering links the names it finds (comments/mention_links.py) and notifications
record and tell the people it finds. A name is matched as sign-up matches names, through its
confusable key, so a mention reaches only the account that owns that key, never a look-alike.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from forum.accounts.names import username_key

# Django's username characters (letters, digits, @ . + - _), after an @ that does not follow a word or another @:
# "mail@example.com" is an address, not a mention.
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")
_TRAILING = ".,+-@"  # sentence punctuation that may end a mention: "thanks @alice."
# Distinct names looked up per comment: enough for the limit even with a few unknown names among them.
_CANDIDATES_PER_LIMIT = 4


def mention_limit() -> int:
    """How many mentions one comment may link and notify (settings.MENTIONS_PER_COMMENT)."""
    return settings.MENTIONS_PER_COMMENT


@dataclass(frozen=True)
class Written:
    """One @name in a text: where it starts, and the name as written with and without trailing punctuation."""

    start: int
    name: str
    trimmed: str

    def lookup_keys(self) -> tuple[str, str]:
        return username_key(self.name), username_key(self.trimmed)


def written_mentions(text: str) -> Iterator[Written]:
    """Every @name in `text`, in order."""
    for match in _MENTION.finditer(text):
        yield Written(start=match.start(), name=match[1], trimmed=match[1].rstrip(_TRAILING))


def mentioned_names(text: str) -> list[str]:
    """The names written after @, in order, each once, at most the limit; trailing punctuation left out."""
    names: list[str] = []
    seen: set[str] = set()
    for written in written_mentions(text):
        key = username_key(written.trimmed)
        if written.trimmed and key not in seen:
            seen.add(key)
            names.append(written.trimmed)
        if len(names) == mention_limit():
            break
    return names


def candidate_keys(mentions: Iterable[Written]) -> set[str]:
    """The keys worth looking up for these mentions, bounded however many names a comment holds."""
    keys: set[str] = set()
    for written in mentions:
        # A name may itself end in punctuation ("j.r."): it counts as written, or trimmed.
        keys.update(key for key in written.lookup_keys() if key)
        if len(keys) >= _CANDIDATES_PER_LIMIT * mention_limit():
            break
    return keys


def accounts_by_key(keys: set[str]) -> dict:
    """The active account owning each key, in one query. The key's owner is the only account a name can
    mean: an older account whose name is a look-alike of it has no key row, so it is never found."""
    if not keys:
        return {}
    users = get_user_model().objects.filter(username_key__key__in=keys, is_active=True).select_related("username_key")
    return {user.username_key.key: user for user in users}


def resolve(written: Written, accounts: dict) -> tuple | None:
    """The account `written` names and the name that named it, as written before trimmed; or None."""
    full, trimmed = written.lookup_keys()
    if full in accounts:
        return accounts[full], written.name
    if trimmed in accounts:
        return accounts[trimmed], written.trimmed
    return None


def mentioned_users(text: str) -> list:
    """The active accounts the text mentions, in order, each once, at most the limit ("@ALICE" is alice)."""
    mentions = list(written_mentions(text))
    accounts = accounts_by_key(candidate_keys(mentions))
    users: list = []
    for written in mentions:
        found = resolve(written, accounts)
        if found is not None and found[0] not in users:
            users.append(found[0])
        if len(users) == mention_limit():
            break
    return users
