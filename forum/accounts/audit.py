"""Audit lines for sign-ins and failed sign-ins, on the "forum.audit" logger (moderation writes its own).

Each names the actor and nothing secret: Django hands `user_login_failed` credentials with
the password already masked, and only the username is taken from them; no session key is
ever logged.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from forum.accounts.addresses import client_ip

audit_logger = logging.getLogger("forum.audit")


def _remote_addr(request) -> str:
    return client_ip(request) if request is not None else ""


@receiver(user_login_failed, dispatch_uid="forum.accounts.audit.login_failed")
def log_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD, "")
    audit_logger.warning(
        "login failed",
        extra={"event": "login_failed", "actor_addr": _remote_addr(request), "target_username": str(username)},
    )


@receiver(user_logged_in, dispatch_uid="forum.accounts.audit.logged_in")
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


@receiver(user_logged_out, dispatch_uid="forum.accounts.audit.logged_out")
def log_logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_logger.info("logged out", extra={"event": "logout", "user_id": user.pk, "username": user.get_username()})
