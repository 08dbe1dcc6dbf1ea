"""@username mentions in a comment's text: found by the site's username rules, resolved in one query.

Kept free of the notification models so the writing code can use it to link names too.
"""

import re

from django.contrib.auth import get_user_model

from forum.accounts.models import UsernameKey
from forum.accounts.names import username_key

MAX_MENTIONS = 10  # naming more people than this in one comment is a mass ping, not a conversation

# Django's username characters (letters, digits, @ . + - _), after an @ that does not follow a word or another @:
# "mail@example.com" is an address, not a mention.
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")
_TRAILING = ".,+-@"  # sentence punctuation that may end a mention: "thanks @alice."


def mentioned_names(text: str) -> list[str]:
    """The names written after @, in order, each once, at most MAX_MENTIONS; trailing punctuation left out."""
    names: list[str] = []
    seen: set[str] = set()
    for match in _MENTION.finditer(text):
        name = match.group(1).rstrip(_TRAILING)
        key = username_key(name)
        if name and key not in seen:
            seen.add(key)
            names.append(name)
        if len(names) == MAX_MENTIONS:
            break
    return names


def mentioned_users(text: str) -> list:
    """The active accounts the text mentions, matched as sign-up matches names ("@ALICE" is alice)."""
    candidates: set[str] = set()
    for match in _MENTION.finditer(text):
        # A name may itself end in punctuation ("j.r."): it counts as written, or trimmed.
        candidates.update({username_key(match.group(1)), username_key(match.group(1).rstrip(_TRAILING))})
        if len(candidates) >= 2 * MAX_MENTIONS:
            break
    if not candidates:
        return []
    user_ids = UsernameKey.objects.filter(key__in=candidates).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True)[:MAX_MENTIONS])
