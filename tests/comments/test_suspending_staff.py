"""Nobody suspends themselves, and only a superuser suspends a staff account, in admin or anywhere else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import ModerationAction, Suspension, SuspensionRefused
from tests.builders import make_moderator, make_user

pytestmark = pytest.mark.django_db

ADD = reverse("admin:comments_suspension_add")


def form(user) -> dict:
    until = timezone.now() + timedelta(days=7)
    return {"user": user.pk, "until_0": until.strftime("%Y-%m-%d"), "until_1": "12:00:00", "reason": "testing"}


def staff_accounts(moderator) -> dict:
    return {
        "a superuser": make_user(password=None, is_staff=True, is_superuser=True),
        "another moderator": make_moderator(password=None),
        "staff outside the group": make_user(password=None, is_staff=True),
        "themselves": moderator,
    }


def test_a_moderator_cannot_suspend_any_staff_account_or_themselves_in_admin(client):
    moderator = make_moderator(password=None)
    client.force_login(moderator)
    for who, target in staff_accounts(moderator).items():
        response = client.post(ADD, form(target))
        assert response.status_code == 200, who
        page = response.content.decode()
        assert "only a superuser can suspend it" in page or "your own account" in page, who
        assert Suspension.active_for(target) is None, who
    assert not ModerationAction.objects.exists()


def test_the_model_refuses_the_same_suspensions_whoever_calls_it():
    moderator = make_moderator(password=None)
    for who, target in staff_accounts(moderator).items():
        with pytest.raises(SuspensionRefused):
            Suspension.suspend(target, until=timezone.now() + timedelta(days=1), reason="x", by=moderator)
        assert Suspension.suspend_refusal(target, by=moderator), who
    assert not Suspension.objects.exists()


def test_a_superuser_suspends_staff_but_not_themselves(client):
    superuser = make_user(password=None, is_staff=True, is_superuser=True)
    moderator = make_moderator(password=None)
    client.force_login(superuser)
    assert client.post(ADD, form(moderator)).status_code == 302
    assert Suspension.active_for(moderator) is not None
    response = client.post(ADD, form(superuser))
    assert response.status_code == 200 and "your own account" in response.content.decode()
    assert Suspension.active_for(superuser) is None


def test_a_moderator_still_suspends_a_reader(client):
    moderator, reader = make_moderator(password=None), make_user(password=None)
    client.force_login(moderator)
    assert client.post(ADD, form(reader)).status_code == 302
    assert Suspension.active_for(reader).created_by == moderator
