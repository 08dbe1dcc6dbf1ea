"""Closing an account at its owner's request: deactivated and anonymised in one transaction.

What goes: the username (replaced by a pseudonym, "deleted-<random>"), email, names, password,
staff rights, sessions, when they last read each article, django-axes' records of log-ins
(usernames and addresses), and the account's name wherever the moderation log spelled it out.
What stays: the row itself, under its pseudonym, so moderation records, suspensions and reports
keep pointing at the same (now nameless) account; and its comments, in their threads so replies keep their context,
shown as by "[deleted account]", or, if the owner asks, emptied as author deletions.
The forum's own log lines on stdout are the operator's to purge (README: Your account).
"""

import logging
import secrets

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from comments.discussion_version import discussion_changed
from comments.models import ArticleVisit, Comment, CommentRevision, ModerationAction

DELETED_ACCOUNT = "[deleted account]"
audit_logger = logging.getLogger("forum.audit")


def delete_account(user, *, empty_comments: bool = False) -> str:
    """Anonymise `user` (see the module's docstring); returns the pseudonym the account keeps."""
    old_username = user.get_username()
    pseudonym = f"deleted-{secrets.token_hex(8)}"
    with transaction.atomic():
        comments = Comment.objects.filter(author=user)
        articles = set(comments.values_list("article_id", flat=True))
        if empty_comments:
            CommentRevision.objects.filter(comment__author=user).delete()
            comments.filter(state=Comment.State.VISIBLE).update(state=Comment.State.DELETED)
            comments.update(body="", body_html="", author_name=DELETED_ACCOUNT, edited=timezone.now())
        else:
            comments.update(author_name=DELETED_ACCOUNT)
        # Their stored pieces show the old name: an empty version has them rendered again when next read.
        comments.mark_pieces_stale()
        # The log is append-only for what was done; the name it spelled out goes, its pseudonym stays.
        ModerationAction.objects.filter(target_user=user, target_repr__contains=old_username).update(
            target_repr=Replace("target_repr", Value(old_username), Value(pseudonym))
        )
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=old_username).delete()
        _delete_sessions(user)
        ArticleVisit.objects.filter(user=user).delete()  # what they read, and when
        user.username = pseudonym
        user.email = user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        for article_id in articles:
            discussion_changed(article_id)
        transaction.on_commit(
            lambda: audit_logger.info(
                "account deleted",
                extra={"event": "account_deleted", "user_id": user.pk, "comments_emptied": empty_comments},
            )
        )
    return pseudonym


def _delete_sessions(user) -> None:
    # A new password hash already ends every session at its next request; this removes the rows too.
    current = Session.objects.filter(expire_date__gt=timezone.now())
    mine = [session.pk for session in current.iterator() if session.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(pk__in=mine).delete()
