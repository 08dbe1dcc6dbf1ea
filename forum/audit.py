"""Audit lines for the events an operator is asked about: sign-ins, failed sign-ins, moderation.

Each names the actor and the target and nothing secret: Django hands `user_login_failed`
credentials with the password already masked, and only the username is taken from them;
no session key is ever logged. Moderation is logged when a ModerationAction is created
(its post_save, and its queryset's bulk_create, which sends no signal), after the
transaction commits: every path that records an action is logged once, a rolled-back
action never.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from comments.models import ModerationAction
from forum.accounts import client_ip

audit_logger = logging.getLogger("forum.audit")


def _remote_addr(request) -> str:
    return client_ip(request) if request is not None else ""


@receiver(user_login_failed, dispatch_uid="forum.audit.login_failed")
def log_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD, "")
    audit_logger.warning(
        "login failed",
        extra={"event": "login_failed", "actor_addr": _remote_addr(request), "target_username": str(username)},
    )


@receiver(user_logged_in, dispatch_uid="forum.audit.logged_in")
def log_logged_in(sender, request, user, **kwargs) -> None:
    audit_logger.info(
        "logged in",
        extra={
            "event": "login",
            "user_id": user.pk,
            "username": user.get_username(),
            "actor_addr": _remote_addr(request),
        },
    )


@receiver(user_logged_out, dispatch_uid="forum.audit.logged_out")
def log_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_logger.info("logged out", extra={"event": "logout", "user_id": user.pk, "username": user.get_username()})


def log_moderation_actions(actions: Iterable[ModerationAction]) -> None:
    """Log each action once its transaction commits (ModerationAction's bulk_create calls this too)."""
    for action in actions:
        fields = {
            "event": "moderation",
            "action": action.action,
            "actor_id": action.moderator_id,
            "actor": action.moderator.get_username(),
            "target": action.target_repr,
            "comment_id": action.comment_id,
            "article_id": action.article_id,
            "target_user_id": action.target_user_id,
            "reason": action.reason,
        }
        message = f"moderation: {action.get_action_display()}"
        transaction.on_commit(partial(audit_logger.info, message, extra=fields))


@receiver(post_save, sender=ModerationAction, dispatch_uid="forum.audit.moderation")
def log_moderation_action(sender, instance: ModerationAction, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:  # raw: loaded from a fixture, not an action taken now
        log_moderation_actions([instance])
