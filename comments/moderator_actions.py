"""What each moderator action taken from the thread needs: one permission each, asked by the page that
offers the action (comments/assembly.py) and by the view that takes it (comments/thread_moderation.py)."""

from comments.models import is_moderator

PERMISSIONS = {
    "hide": "comments.hide_comment",
    "unhide": "comments.hide_comment",
    "lock_replies": "comments.change_comment",
    "unlock_replies": "comments.change_comment",
    "suspend_author": "comments.add_suspension",
}


def actions_allowed(user) -> frozenset[str]:
    """The actions `user` may take from the thread: none unless a moderator, then those their
    permissions allow (read once: Django caches a user's permissions on the user)."""
    if not is_moderator(user):
        return frozenset()
    return frozenset(name for name, permission in PERMISSIONS.items() if user.has_perm(permission))
