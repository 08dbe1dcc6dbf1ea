"""What a reader is told, what they asked to hear of, and the mail queued for them."""

from comments.notifications.models.mention import Mention
from comments.notifications.models.notification import Notification, note_unread_count
from comments.notifications.models.outbox import OutboundEmail
from comments.notifications.models.preferences import EmailPreference, Follow, ThreadMute, UserMute, is_following

__all__ = [
    "EmailPreference",
    "Follow",
    "Mention",
    "Notification",
    "OutboundEmail",
    "ThreadMute",
    "UserMute",
    "is_following",
    "note_unread_count",
]
