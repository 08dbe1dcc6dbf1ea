import pytest
from django.contrib.auth import get_user, get_user_model
from django.urls import reverse

from forum.accounts.models import UsernameKey
from tests.builders import make_user

PASSWORD = "a long and unusual passphrase"


def sign_up(client, username: str, **extra):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD, **extra}
    return client.post(reverse("signup"), data)


def test_signing_up_creates_the_account_and_logs_in(client, db):
    response = sign_up(client, "carol")
    assert response.status_code == 302
    user = get_user_model().objects.get(username="carol")
    assert user.email == ""
    assert get_user(client) == user


def test_an_email_address_is_optional_but_kept_when_given(client, db):
    sign_up(client, "dave", email="dave@example.org")
    assert get_user_model().objects.get(username="dave").email == "dave@example.org"


@pytest.mark.parametrize(
    ("existing", "look_alike"),
    [
        ("alice", "Alice"),
        ("alice", "ＡＬＩＣＥ"),  # full-width letters fold to plain ones under NFKC
        ("Straße", "STRASSE"),  # case folding turns ß into ss
        ("ﬁona", "Fiona"),  # the ﬁ ligature is two letters under NFKC
    ],
)
def test_a_username_that_folds_to_an_existing_one_is_refused(client, db, existing, look_alike):
    make_user(existing)
    response = sign_up(client, look_alike)
    assert response.status_code == 400
    assert "That username is taken" in response.content.decode()
    assert response.context["form"]["username"].value() == look_alike
    assert get_user_model().objects.count() == 1


def test_every_user_gets_a_folded_key_however_it_was_created(db):
    user = make_user("Ｂｅｒｔ")
    assert UsernameKey.objects.get(user=user).key == "bert"
    user.username = "Bertha"
    user.save()
    assert UsernameKey.objects.get(user=user).key == "bertha"


def test_mismatched_passwords_are_refused_with_the_username_kept(client, db):
    response = client.post(reverse("signup"), {"username": "erin", "password1": PASSWORD, "password2": "other"})
    assert response.status_code == 400
    assert response.context["form"]["username"].value() == "erin"
    assert not get_user_model().objects.exists()


def test_after_signing_up_the_reader_returns_to_a_local_next(client, db):
    response = sign_up(client, "frank", next="/a/some-article/#discussion")
    assert response["Location"] == "/a/some-article/#discussion"


def test_a_next_pointing_to_another_site_is_ignored(client, db):
    response = sign_up(client, "gina", next="https://evil.example/")
    assert response["Location"] == reverse("forum:front_page")


def test_the_sign_up_page_renders(client, db):
    response = client.get(reverse("signup") + "?next=/a/x/")
    assert response.status_code == 200
    assert 'name="next" value="/a/x/"' in response.content.decode()
