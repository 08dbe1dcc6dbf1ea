from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from comments.notifications.models import Notification


def unread_notifications(request: HttpRequest) -> dict:
    """`unread_notifications`: the signed-in reader's unread count, one query, made only if a template shows it
    (none when the page read it already)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(request, "unread_notifications", None)  # read with the page's own row: note_unread_count
    if known is not None:
        return {"unread_notifications": known}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.unread_of(user).count())}
