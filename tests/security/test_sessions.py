"""Sessions: a new key at log-in, gone from the server at log-out, and a password change ends the others.

Log-in failures and password-reset requests answer the same whatever the account,
so neither tells an attacker which usernames or addresses exist.
"""

import re

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.builders import make_user

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def session_store() -> type[SessionBase]:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")


def session_key(client: Client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie and cookie.value else None


def log_in(client: Client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("password_change")).status_code == 200


def test_logging_in_gives_the_session_a_new_key(client, db):
    make_user("alice")
    session = client.session
    session["before_login"] = "planted by someone who knew this key"
    session.save()
    planted = session_key(client)
    assert planted is not None
    assert log_in(client, "alice").status_code == 302
    assert session_key(client) not in {None, planted}
    assert not session_store()().exists(planted)  # the fixed key is worthless now
    assert is_signed_in(client)


def test_logging_out_ends_the_session_on_the_server(client, db):
    make_user("alice")
    log_in(client, "alice")
    key = session_key(client)
    assert session_store()().exists(key)
    assert client.post(reverse("logout")).status_code in {200, 302}
    assert not session_store()().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key  # a copied cookie is no use after log-out
    assert not is_signed_in(replay)


def test_changing_the_password_ends_the_other_sessions(db):
    make_user("alice")
    laptop, phone = Client(), Client()
    log_in(laptop, "alice")
    log_in(phone, "alice")
    assert is_signed_in(phone)
    new = "a brand new passphrase"
    response = laptop.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert is_signed_in(laptop)  # the session that changed it carries on
    assert not is_signed_in(phone)


def comparable(response) -> str:
    return TOKEN.sub("", response.content.decode())


def test_a_wrong_password_and_an_unknown_user_fail_alike(db):
    make_user("alice")
    wrong_password = log_in(Client(), "alice", "not the password")
    unknown_user = log_in(Client(), "nobody-by-this-name", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert comparable(wrong_password).replace("alice", "NAME") == comparable(unknown_user).replace(
        "nobody-by-this-name", "NAME"
    )
    assert "Please enter a correct username and password" in comparable(unknown_user)


def test_a_password_reset_for_an_unknown_address_looks_the_same(db):
    make_user("alice", email="alice@example.org")
    known = Client().post(reverse("password_reset"), {"email": "alice@example.org"})
    unknown = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert comparable(Client().get(known["Location"])) == comparable(Client().get(unknown["Location"]))
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]  # only the mailbox knows
