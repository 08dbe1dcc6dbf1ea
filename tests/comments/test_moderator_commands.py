"""create_moderator and demo_accounts: moderators from the command line, and demo logins for newcomers."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.models import is_moderator
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_create_moderator_makes_a_staff_user_in_the_group_with_a_password_shown_once():
    output = run("create_moderator", "mia")
    password = re.search(r"with password (\S+) ", output).group(1)
    user = authenticate(username="mia", password=password)
    assert user is not None and user.is_staff and not user.is_superuser
    assert is_moderator(user)
    assert list(user.groups.values_list("name", flat=True)) == ["Moderators"]


def test_create_moderator_promotes_an_existing_account_and_keeps_its_password():
    make_user("reader1", password="an old long password")
    output = run("create_moderator", "reader1")
    assert "password is unchanged" in output
    assert is_moderator(authenticate(username="reader1", password="an old long password"))


def test_create_moderator_dry_run_changes_nothing_and_bad_names_are_refused():
    assert "dry run" in run("create_moderator", "nobody", dry_run=True)
    assert not get_user_model().objects.filter(username="nobody").exists()
    with pytest.raises(CommandError):
        run("create_moderator", "has space!")
    assert not get_user_model().objects.filter(username="has space!").exists()


def test_demo_accounts_refuse_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        run("demo_accounts")
    assert not get_user_model().objects.exists()


def test_demo_accounts_print_passwords_once_and_leave_existing_accounts_alone(settings):
    settings.DEBUG = True
    output = run("demo_accounts")
    passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", output))
    assert set(passwords) == {"demo-moderator", "demo-reader"}
    moderator = authenticate(username="demo-moderator", password=passwords["demo-moderator"])
    reader = authenticate(username="demo-reader", password=passwords["demo-reader"])
    assert is_moderator(moderator) and not is_moderator(reader) and not reader.is_staff
    again = run("demo_accounts")
    assert "password:" not in again and "exists" in again
    assert authenticate(username="demo-reader", password=passwords["demo-reader"]) is not None


def test_demo_accounts_run_with_force_on_a_real_site(settings):
    settings.DEBUG = False
    assert "password:" in run("demo_accounts", force=True)
    assert get_user_model().objects.filter(username="demo-moderator", is_staff=True).exists()


def test_create_moderator_makes_the_group_if_a_database_lacks_it():
    from django.contrib.auth.models import Group

    Group.objects.filter(name="Moderators").delete()
    run("create_moderator", "max", no_password=True)
    assert is_moderator(get_user_model().objects.get(username="max"))
