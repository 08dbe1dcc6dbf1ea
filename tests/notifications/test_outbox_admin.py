from django.urls import reverse

from comments.notifications.models import OutboundEmail
from tests.builders import make_user


def test_superusers_read_the_outbox_and_nobody_edits_it(client, db):
    root = make_user("root", is_staff=True, is_superuser=True)
    OutboundEmail.objects.create(key="reply:1:2", recipient=root, state=OutboundEmail.State.SENDING)
    client.force_login(root)
    listing = client.get(reverse("admin:notifications_outboundemail_changelist"))
    assert listing.status_code == 200 and b"reply:1:2" in listing.content
    assert client.get(reverse("admin:notifications_outboundemail_add")).status_code == 403
