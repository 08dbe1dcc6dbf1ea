"""What an article tells the layers above it. Sent inside the changing transaction, so a receiver's
writes (the moderation log, the discussion's cache version) commit or roll back with the change."""

from django.dispatch import Signal

# Both send: article, by (the moderator), reason.
comments_closed = Signal()
comments_reopened = Signal()
