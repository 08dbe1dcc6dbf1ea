from django.contrib.auth import get_user
from django.test import override_settings
from django.urls import reverse

from tests.builders import make_user

PASSWORD = "correct horse battery"


def log_in(client, username: str, password: str, *, address: str = "203.0.113.7", next: str = ""):
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def logged_in_user(client):
    return get_user(client)


def test_logging_in_returns_to_the_local_page_the_reader_came_from(client, alice):
    response = log_in(client, "alice", PASSWORD, next="/a/an-article/")
    assert response.status_code == 302
    assert response["Location"] == "/a/an-article/"
    assert logged_in_user(client) == alice


def test_a_next_on_another_site_is_ignored(client, alice):
    response = log_in(client, "alice", PASSWORD, next="https://evil.example/steal")
    assert response["Location"] == reverse("forum:front_page")


def test_a_wrong_password_is_refused_with_the_username_kept(client, alice):
    response = log_in(client, "alice", "wrong")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert response.context["form"]["username"].value() == "alice"
    assert not logged_in_user(client).is_authenticated


def test_log_out_is_post_only(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user(client) == alice
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not logged_in_user(client).is_authenticated


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_from_that_address_only(client, alice, bob):
    for _ in range(3):
        log_in(client, "alice", "wrong")
    locked = log_in(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert int(locked["Retry-After"]) > 0
    assert not logged_in_user(client).is_authenticated

    # The owner, somewhere else, still gets in; so does another account from the attacker's address.
    assert log_in(client, "alice", PASSWORD, address="198.51.100.20").status_code == 302
    client.post(reverse("logout"))
    assert log_in(client, "bob", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_log_in_resets_the_count(client, alice):
    log_in(client, "alice", "wrong")
    log_in(client, "alice", "wrong")
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "alice", "wrong")
    log_in(client, "alice", "wrong")
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_an_inactive_account_cannot_log_in(client, db):
    make_user("ivan", is_active=False)
    response = log_in(client, "ivan", PASSWORD)
    assert response.status_code == 200
    assert not logged_in_user(client).is_authenticated


def test_the_counted_address_cannot_be_forged_with_a_header(rf, settings):
    from forum.accounts.addresses import client_ip

    settings.SECURE_PROXY_SSL_HEADER = None
    request = rf.post("/accounts/login/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "203.0.113.7"


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(rf, settings):
    from forum.accounts.addresses import client_ip

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forged_then_real = "10.9.9.9, 198.51.100.20"
    request = rf.post("/accounts/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forged_then_real)
    assert client_ip(request) == "198.51.100.20"
    assert client_ip(rf.post("/accounts/login/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
