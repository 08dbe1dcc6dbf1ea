"""Moderators suspend a user until a date with a reason, and lift it; both are logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import ModerationAction, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:comments_suspension_add")
CHANGELIST = reverse("admin:comments_suspension_changelist")


def form(user, until, reason="abusive replies") -> dict:
    return {
        "user": user.pk,
        "until_0": until.strftime("%Y-%m-%d"),
        "until_1": until.strftime("%H:%M:%S"),
        "reason": reason,
    }


def test_a_moderator_suspends_a_user_and_it_is_logged(client):
    moderator, troll = make_moderator(password=None), make_user(password=None)
    comment = make_comment(make_article(), author=troll)
    client.force_login(moderator)
    assert f'value="{troll.pk}"' in client.get(ADD, {"user": troll.pk}).content.decode()  # from the user list's link
    until = timezone.now() + timedelta(days=7)
    response = client.post(ADD, form(troll, until))
    assert response.status_code == 302, response.content.decode()[:3000]
    suspension = Suspension.active_for(troll)
    assert (suspension.reason, suspension.created_by) == ("abusive replies", moderator)
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_user, entry.reason) == ("suspend", troll, "abusive replies")
    assert comment.__class__.objects.get(pk=comment.pk).is_visible  # their comments stay


def test_a_date_in_the_past_or_an_empty_reason_is_refused_with_the_form_kept(client):
    troll = make_user(password=None)
    client.force_login(make_moderator(password=None))
    response = client.post(ADD, form(troll, timezone.now() - timedelta(days=1), reason="typed reason"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a time in the future" in page and "typed reason" in page
    response = client.post(ADD, form(troll, timezone.now() + timedelta(days=1), reason="   "))
    assert response.status_code == 200
    assert not Suspension.objects.exists()
    assert not ModerationAction.objects.exists()


def test_lifting_a_suspension_is_logged_and_it_cannot_be_edited_or_deleted(client):
    moderator, troll = make_moderator(password=None), make_user(password=None)
    suspension = Suspension.suspend(troll, until=timezone.now() + timedelta(days=1), reason="spam", by=moderator)
    client.force_login(moderator)
    change = reverse("admin:comments_suspension_change", args=[suspension.pk])
    response = client.post(
        change, {"user": troll.pk, "reason": "rewritten", "until_0": "2000-01-01", "until_1": "00:00"}
    )
    suspension.refresh_from_db()
    assert suspension.reason == "spam" and suspension.is_active
    assert (
        client.post(reverse("admin:comments_suspension_delete", args=[suspension.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(CHANGELIST, {"action": "lift_suspensions", "_selected_action": [suspension.pk]})
    assert response.status_code == 302
    assert Suspension.active_for(troll) is None
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["suspend", "unsuspend"]


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_people_who_are_not_moderators_cannot_suspend(client, role):
    troll = make_user(password=None)
    make_comment(make_article(), author=troll)
    if role != "anonymous":
        client.force_login(troll if role == "author" else make_user(password=None))
    response = client.post(ADD, form(troll, timezone.now() + timedelta(days=1)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not Suspension.objects.exists()


def test_the_user_list_shows_who_is_suspended_without_a_query_per_row(client, django_assert_max_num_queries):
    moderator = make_moderator(password=None)
    troll = make_user("troll", password=None)
    Suspension.suspend(troll, until=timezone.now() + timedelta(days=1), reason="x", by=moderator)
    for _ in range(10):
        make_user(password=None)
    client.force_login(moderator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "suspend…" in page
    assert " UTC" in page
