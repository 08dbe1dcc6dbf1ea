"""The account page: signed-in readers only; the email changes with the password confirmed."""

import pytest
from django.urls import reverse

from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def test_the_account_page_needs_a_signed_in_reader(client, alice):
    assert client.get(reverse("people:account")).status_code == 302
    client.force_login(alice)
    response = client.get(reverse("people:account"))
    assert response.status_code == 200
    assert_valid_html(response.content.decode())
    assert reverse("password_change") in response.content.decode()


def test_the_email_changes_with_the_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("people:change_email"), {"email": "new@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email == "new@example.com"


def test_a_wrong_password_or_bad_address_changes_nothing(client, alice):
    client.force_login(alice)
    assert (
        client.post(reverse("people:change_email"), {"email": "new@example.com", "password": "no"}).status_code == 400
    )
    assert (
        client.post(
            reverse("people:change_email"), {"email": "not an address", "password": "correct horse battery"}
        ).status_code
        == 400
    )
    alice.refresh_from_db()
    assert alice.email == ""
