"""Usernames a reader could mistake for another: invisible characters, mixed scripts and confusable skeletons."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse

from forum.accounts.models import UsernameKey
from forum.accounts.names import username_key
from tests.builders import make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a long pass phrase 42"
CYRILLIC_O, GREEK_O = "\u043e", "\u03bf"

LOOK_ALIKES = {
    # fillers, shown blank: Hangul filler (stored as U+1160 after NFKC), choseong and halfwidth fillers
    "filler after": ("rtmod", "rtmod\u3164"),
    "filler before": ("rtmod", "\u3164rtmod"),
    "choseong filler": ("rtmod", "rtmod\u115f"),
    "jungseong filler inside": ("rtmod", "rt\u1160mod"),
    "halfwidth filler": ("rtmod", "rtmod\uffa0"),
    # zero-width and other invisible characters
    "zero-width space": ("rtmod", "rt\u200bmod"),
    "zero-width joiner": ("rtmod", "rtmod\u200d"),
    "word joiner": ("rtmod", "rtm\u2060od"),
    "soft hyphen": ("rtmod", "rt\u00admod"),
    "variation selector": ("rtmod", "rtmod\ufe0f"),
    "byte order mark": ("rtmod", "\ufeffrtmod"),
    # homoglyphs from other scripts, mixed in
    "Cyrillic o": ("rtmod", f"rtm{CYRILLIC_O}d"),
    "Greek omicron": ("rtmod", f"rtm{GREEK_O}d"),
    "Cyrillic a and e": ("janedoe", "j\u0430n\u0435doe"),
    "Greek capital alpha": ("Alice", "\u0391lice"),
    "Cyrillic small i": ("vasili", "vasil\u0456"),
    # a whole name in another script's look-alike letters
    "all Cyrillic": ("cope", "\u0441\u043e\u0440\u0435"),
    # Latin look-alikes within one script
    "rn for m": ("rtmod", "rtrnod"),
    "digit one for l": ("paypal", "paypa1"),
    # width and case
    "full-width": ("rtmod", "\uff52\uff54\uff4d\uff4f\uff44"),
    "capitals": ("rtmod", "RtMoD"),
    "mathematical bold": ("rtmod", "\U0001d42b\U0001d42d\U0001d426\U0001d428\U0001d41d"),
}

ORDINARY_NAMES = [
    "Zoë",
    "Иван",
    "李小龙",
    "محمد",
    "Ελένη",
    "山田たろう",
    "김민준",
    "José_M",
    "Søren",
    "Nguyễn",
    "कमल",
    "יעקב",
    "สมชาย",
    "Ğülşen",
    "tokyo東京",
    "anna.k-2",
    "Łukasz",
    "Þórr",
]


def sign_up(client, username: str):
    return client.post(reverse("signup"), {"username": username, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize(("original", "look_alike"), LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_of_an_existing_name_is_refused(client, original, look_alike):
    make_user(original)
    response = sign_up(client, look_alike)
    assert response.status_code == 400
    assert User.objects.count() == 1
    assert response.context["form"]["username"].errors


@pytest.mark.parametrize(("original", "look_alike"), LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_shares_the_originals_key_or_is_refused_for_its_characters(original, look_alike):
    from forum.accounts.names import username_refusal

    assert username_key(look_alike) == username_key(original) or username_refusal(look_alike)


@pytest.mark.parametrize(
    "name", ["rtmod\u3164", "\u3164rtmod", "zoe\u115f", "a\u200bb", f"rtm{CYRILLIC_O}d", "\u0391lice", "ab1\u0663"]
)
def test_invisible_characters_and_mixed_scripts_are_refused_even_when_nobody_holds_the_name(client, name):
    response = sign_up(client, name)
    assert response.status_code == 400
    assert not User.objects.exists()
    errors = " ".join(response.context["form"]["username"].errors)
    assert "invisible or blank characters" in errors or "mix letters or digits of different scripts" in errors


@pytest.mark.parametrize("name", ORDINARY_NAMES)
def test_ordinary_names_in_many_scripts_are_accepted(client, name):
    make_user("rtmod")
    assert sign_up(client, name).status_code == 302
    assert User.objects.filter(username=name).exists()


def test_names_of_different_people_in_one_script_stay_apart(client):
    make_user("Иван")
    assert sign_up(client, "Ивана").status_code == 302


def test_a_look_alike_made_behind_the_forms_back_still_collides_on_the_key():
    make_user("rtmod")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(f"rtm{CYRILLIC_O}d")  # a concurrent sign-up that passed the form's check at the same moment
    assert User.objects.count() == 1


def test_the_migration_gives_the_older_of_two_existing_look_alikes_the_key():
    older = make_user("rtmod")
    UsernameKey.objects.all().delete()  # as before the rule: the younger name had a key of its own
    younger = User.objects.create(username=f"rtm{CYRILLIC_O}d")
    UsernameKey.objects.filter(user=younger).delete()
    migration = importlib.import_module("forum.accounts.migrations.0002_skeleton_username_keys")
    migration.to_skeletons(apps, None)
    assert list(UsernameKey.objects.values_list("user", "key")) == [(older.pk, "rtrnod")]
    younger.refresh_from_db()
    assert younger.username == f"rtm{CYRILLIC_O}d"  # not renamed
    younger.first_name = "Saved"
    younger.save()  # an account without its key still saves (e.g. in admin)
    assert not UsernameKey.objects.filter(user=younger).exists()
