"""A moderator cannot learn a field admin does not show them by filtering, sorting or searching on it."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from comments.admin.base import offered_filters
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
USERS = reverse("admin:auth_user_changelist")
POWER = ["is_superuser", "is_staff", "groups", "user_permissions", "password"]


@pytest.fixture
def moderator(client):
    make_user("boss", password=None, is_staff=True, is_superuser=True)
    make_user("reader", password=None)
    moderator = make_moderator("mod", password=None)
    comment = make_comment(make_article(), author=make_user("writer", password=None))
    comment.report(by=make_user(password=None), reason="spam")
    client.force_login(moderator)
    return moderator


def listed(response) -> list:
    return sorted(obj.pk for obj in response.context["cl"].result_list)


def refused_or_ignored(client, url: str, params: dict, everyone: list) -> bool:
    response = client.get(url, params)
    return response.status_code == 400 or (response.status_code == 200 and listed(response) == everyone)


@pytest.mark.parametrize(
    "params",
    [{"is_superuser__exact": "1"}, {"is_staff__exact": "1"}, {"groups__isnull": "False"}, {"groups": "1"}],
)
def test_the_issues_examples_are_refused(client, moderator, params):
    assert client.get(USERS, params).status_code == 400


def test_every_field_of_the_user_model_but_the_offered_filter_is_refused_as_a_filter(client, moderator):
    everyone = listed(client.get(USERS))
    assert len(everyone) >= 4
    for field in User._meta.get_fields():
        if field.name == "is_active":
            continue  # the one filter the moderator's user list offers
        for lookup, value in [(field.name, "1"), (f"{field.name}__isnull", "False"), (f"{field.name}__gt", "0")]:
            assert refused_or_ignored(client, USERS, {lookup: value}, everyone), lookup


def test_every_moderator_changelist_refuses_filters_its_sidebar_does_not_offer(client, moderator):
    request = RequestFactory().get("/admin/")
    request.user = moderator
    for model_admin in admin.site._registry.values():
        if not model_admin.has_view_permission(request):
            continue
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        everyone = listed(client.get(url))
        offered = offered_filters(model_admin, request) if hasattr(model_admin, "lookup_allowed") else set()
        for field in opts.get_fields():
            if field.name in offered:
                continue
            for lookup, value in [(field.name, "1"), (f"{field.name}__isnull", "False")]:
                assert refused_or_ignored(client, url, {lookup: value}, everyone), (opts.model_name, lookup)


def test_sorting_the_user_list_by_any_column_uses_only_what_the_moderator_sees(client, moderator):
    for number in range(-12, 13):
        response = client.get(USERS, {"o": str(number)})
        assert response.status_code == 200
        ordering = response.context["cl"].get_ordering(response.wsgi_request, User.objects.all())
        named = " ".join(str(part) for part in ordering)
        assert not any(field in named for field in POWER), (number, named)


def test_searching_users_never_matches_a_password_hash_or_a_flag(client, moderator):
    assert listed(client.get(USERS, {"q": "md5$"})) == []  # the test settings hash with MD5
    assert listed(client.get(USERS, {"q": "pbkdf2"})) == []
    assert listed(client.get(USERS, {"q": "True"})) == []
    search_fields = set(client.get(USERS).context["cl"].search_fields)
    assert search_fields <= {"username", "first_name", "last_name", "email"}
