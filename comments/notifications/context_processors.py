from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from comments.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict:
    """`unread_notifications`: the signed-in reader's unread count, one query, made only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user).shown().unread().count()
        )
    }
