"""How often comments may be posted: per account, and per client address across accounts.

The windows are forum/throttle's sliding windows, decided inside the posting transaction and shared
by every worker and host.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from forum.throttle.window import Exceeded, Window, take

NEW_ACCOUNT_AGE = timedelta(days=1)  # younger accounts get the stricter limit: most spam accounts are fresh
MINUTE = 60

__all__ = ["Exceeded", "check_posting", "check_voting", "per_account", "per_address"]


def per_account(user) -> Window:
    young = timezone.now() - user.date_joined < NEW_ACCOUNT_AGE
    limit = settings.NEW_ACCOUNT_COMMENTS_PER_MINUTE if young else settings.COMMENTS_PER_MINUTE
    return Window("post-account", limit, MINUTE)


def per_address() -> Window:
    return Window("post-address", settings.ADDRESS_COMMENTS_PER_MINUTE, MINUTE)


def check_posting(user, address: str | None = None) -> None:
    """Count one post by `user` from `address` (None: not a web request), or raise Exceeded and count nothing.
    Call it inside the posting transaction, after the locks."""
    charges = [(per_account(user), str(user.pk))]
    if address:
        charges.append((per_address(), address))
    take(*charges)


def check_voting(user, address: str | None = None) -> None:
    """Count one vote or unvote by `user` from `address`, or raise Exceeded: a ring of accounts voting
    each other up runs into the per-address window, a single script into the per-account one."""
    charges = [(Window("vote-account", settings.VOTES_PER_MINUTE, MINUTE), str(user.pk))]
    if address:
        charges.append((Window("vote-address", settings.ADDRESS_VOTES_PER_MINUTE, MINUTE), address))
    take(*charges)
