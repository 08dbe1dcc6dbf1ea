"""The moderation log in admin: readable by moderators, filterable, and impossible to change or delete."""

import pytest
from django.urls import reverse

from comments.models import ModerationAction
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

LOG = reverse("admin:comments_moderationaction_changelist")


@pytest.fixture
def entries():
    first, second = make_moderator("first_mod", password=None), make_moderator("second_mod", password=None)
    comment = make_comment(make_article(), body="<script>x</script> rude")
    comment.hide(by=first, reason="<b>rude</b>")
    comment.unhide(by=second, reason="on appeal")
    return first, second, comment


def test_the_log_filters_by_moderator_and_action(client, entries):
    first, second, _ = entries
    client.force_login(first)
    rows = client.get(LOG).context["cl"].result_list
    assert [(e.moderator, e.action) for e in rows] == [(second, "unhide"), (first, "hide")]
    by_second = client.get(LOG, {"moderator__id__exact": second.pk}).context["cl"].result_list
    assert [e.action for e in by_second] == ["unhide"]
    hides = client.get(LOG, {"action__exact": "hide"}).context["cl"].result_list
    assert [e.moderator for e in hides] == [first]


def test_the_log_escapes_what_it_shows(client, entries):
    client.force_login(entries[0])
    page = client.get(LOG).content.decode()
    assert "<script>x" not in page and "<b>rude</b>" not in page
    assert "&lt;b&gt;rude&lt;/b&gt;" in page


@pytest.mark.parametrize("who", ["moderator", "superuser"])
def test_nobody_can_add_change_or_delete_an_entry(client, entries, who):
    user = entries[0] if who == "moderator" else make_user(password=None, is_staff=True, is_superuser=True)
    client.force_login(user)
    entry = ModerationAction.objects.get(action="hide")
    change = reverse("admin:comments_moderationaction_change", args=[entry.pk])
    assert client.get(change).status_code == 200  # readable
    client.post(change, {"reason": "rewritten", "action": "unhide"})
    assert (
        client.post(reverse("admin:comments_moderationaction_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:comments_moderationaction_add")).status_code == 403
    client.post(LOG, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    entry.refresh_from_db()
    assert (entry.reason, entry.action) == ("<b>rude</b>", "hide")
    assert ModerationAction.objects.count() == 2


@pytest.mark.parametrize("role", ["anonymous", "reader"])
def test_readers_cannot_see_the_log(client, entries, role):
    if role == "reader":
        client.force_login(make_user(password=None))
    response = client.get(LOG)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
