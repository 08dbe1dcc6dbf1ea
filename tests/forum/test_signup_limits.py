"""Sign-ups are limited per client address and, as a fuse, for the whole site; a refusal keeps what was typed."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

User = get_user_model()


def sign_up(address: str, username: str, email: str = ""):
    data = {
        "username": username,
        "email": email,
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
    }
    return Client(REMOTE_ADDR=address).post(reverse("signup"), data)


def test_one_address_opens_only_so_many_accounts_an_hour(settings, clock, limit_store):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    statuses = [sign_up("198.51.100.7", f"flood{number}").status_code for number in range(6)]
    assert statuses == [302] * 3 + [429] * 3
    assert User.objects.count() == 3


def test_a_refused_sign_up_keeps_the_name_and_email_and_says_when(settings, clock, limit_store):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    sign_up("198.51.100.7", "first")
    clock.advance(600)
    response = sign_up("198.51.100.7", "second_name", "second@example.org")
    assert response.status_code == 429
    assert response["Retry-After"] == "3000"
    page = response.content.decode()
    assert "At most 1 accounts an hour can be opened from one network address" in page
    assert "Please try again in 50 minutes" in page
    assert 'value="second_name"' in page
    assert 'value="second@example.org"' in page
    assert not User.objects.filter(username="second_name").exists()


def test_the_address_may_sign_up_again_once_the_hour_has_passed(settings, clock, limit_store):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    assert sign_up("198.51.100.7", "first").status_code == 302
    clock.advance(3599)
    assert sign_up("198.51.100.7", "second").status_code == 429
    clock.advance(1)
    assert sign_up("198.51.100.7", "third").status_code == 302


def test_the_site_wide_fuse_stops_a_flood_from_many_addresses(settings, clock, limit_store):
    settings.SIGNUPS_PER_MINUTE = 4
    statuses = [sign_up(f"198.51.100.{number}", f"spread{number}").status_code for number in range(6)]
    assert statuses == [302] * 4 + [429] * 2
    response = sign_up("203.0.113.1", "latecomer")
    assert "More accounts than usual are being opened" in response.content.decode()
    clock.advance(60)
    assert sign_up("203.0.113.1", "latecomer").status_code == 302


def test_a_sign_up_refused_for_its_form_counts_for_nothing(settings, clock, limit_store):
    settings.SIGNUPS_PER_ADDRESS_PER_HOUR = 1
    for _ in range(3):
        assert sign_up("198.51.100.7", "bad name!").status_code == 400
    assert sign_up("198.51.100.7", "good_name").status_code == 302
