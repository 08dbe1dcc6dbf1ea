"""The text of a notification email, and the signed link that stops them without logging in."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from comments.notifications.models import EmailPreference, Notification, OutboundEmail

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    # Without a timestamp: a link in an old email still works, and every email carries the same one.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(user_id)


def unsubscribed_user_id(token: str) -> int | None:
    """The account a token was made for, or None if it was not made here (or was altered)."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def compose(email: OutboundEmail) -> EmailMessage | None:
    """The message for a queued email, from its notices whose comments are still visible; None if none is,
    or the reader has since turned email off or removed their address."""
    recipient = email.recipient
    if not recipient.email or EmailPreference.mode_for(recipient) == EmailPreference.Mode.NEVER:
        return None
    notices = list(
        email.notifications.shown()
        .select_related("comment", "comment__author", "comment__article")
        .order_by("created", "pk")
    )
    if not notices:
        return None
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(recipient.pk)}))
    context = {
        "recipient": recipient,
        "items": [_item(notice) for notice in notices],
        "unsubscribe_url": unsubscribe_url,
        "settings_url": absolute(reverse("notifications:settings")),
        "site_name": settings.SITE_NAME,
        "digest": email.key.startswith("digest:"),
    }
    subject = _one_line(render_to_string("notifications/email/subject.txt", context))
    body = render_to_string("notifications/email/notifications.txt", context)
    headers = {
        # RFC 2369: the mail client's own "unsubscribe" opens the page. No RFC 8058 one-click POST header: that
        # POST comes without a CSRF token, and no view here is exempt from the check.
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        # The same id for a resend, so a reader's mail client shows one message.
        "Message-ID": f"<{email.key.replace(':', '.')}@{settings.EMAIL_MESSAGE_DOMAIN}>",
    }
    return EmailMessage(subject, body, to=[recipient.email], headers=headers)


def _item(notice: Notification) -> dict:
    comment = notice.comment
    return {
        "who": _one_line(comment.display_name),
        "what": notice.get_kind_display(),
        "article": _one_line(comment.article.title),
        "excerpt": comment.excerpt,
        "url": absolute(f"{comment.get_permalink()}#c{comment.pk}"),
    }


def _one_line(text: str) -> str:
    # Names and titles go into headers: a line break there would start a header of its own.
    return " ".join(text.split())
