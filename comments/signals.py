"""What the comment tree tells the layers above it: sent inside the writing transaction.

A receiver that does work outside the database (a task, a mail) defers it with
transaction.on_commit, so nothing happens for a write that rolls back, and the request pays
only for the enqueueing.
"""

from django.dispatch import Signal

# A reader posted `comment` (a new thread or a reply) through the posting verbs; imports do not send it.
comment_posted = Signal()

# `comment` has new text (`comment.edited` is when); `by` edited it, `moderator` says in which capacity.
comment_edited = Signal()

# `comments` went from one state to another (`state` is the new one: visible, hidden or deleted).
comment_state_changed = Signal()
