"""Audit lines for the events an operator is asked about: sign-ins, failed sign-ins, moderation.

Each names the actor and the target and nothing secret: Django hands `user_login_failed`
credentials with the password already masked, and only the username is taken from them;
no session key is ever logged. Moderation is logged from ModerationAction's post_save,
after the transaction commits, so every path that records an action (views, admin,
commands) is logged once, and a rolled-back action never is.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from comments.models import ModerationAction

audit_logger = logging.getLogger("forum.audit")


def _remote_addr(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


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


@receiver(post_save, sender=ModerationAction, dispatch_uid="forum.audit.moderation")
def log_moderation_action(sender, instance: ModerationAction, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:  # raw: loaded from a fixture, not an action taken now
        return
    fields = {
        "event": "moderation",
        "action": instance.action,
        "actor_id": instance.moderator_id,
        "actor": instance.moderator.get_username(),
        "target": instance.target_repr,
        "comment_id": instance.comment_id,
        "article_id": instance.article_id,
        "target_user_id": instance.target_user_id,
        "reason": instance.reason,
    }
    message = f"moderation: {instance.get_action_display()}"
    transaction.on_commit(lambda: audit_logger.info(message, extra=fields))
