"""Every admin page a moderator reaches answers hostile query parameters with a page or a 400, never a 500."""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

ARABIC_INDIC_THREE = "\u0663"
HOSTILE_VALUES = [
    "\x00",
    "abc",
    "-1",
    "99999999999999999999",
    "1e9",
    "9999",
    ARABIC_INDIC_THREE,
    ARABIC_INDIC_THREE * 10_000,
]
CHANGELIST_PARAMETERS = ["q", "o", "p"]  # read through each list's own search fields, columns and paging
# Read by Django's ChangeList the same way for every list: swept on the comment list alone.
SHARED_PARAMETERS = ["all", "e", "_facets", "_popup", "_to_field"]


def moderator_admins(moderator) -> list:
    request = RequestFactory().get("/admin/")
    request.user = moderator
    return [model_admin for model_admin in admin.site._registry.values() if model_admin.has_view_permission(request)]


def filter_parameters(model_admin, moderator) -> set[str]:
    """What the sidebar's filters and date links send, and the changelist's own parameters."""
    request = RequestFactory().get("/admin/")
    request.user = moderator
    changelist = model_admin.get_changelist_instance(request)
    names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names | set(CHANGELIST_PARAMETERS)


def answers_without_error(client, url: str, params: dict) -> int:
    address = f"{url}?{urlencode(params)}"
    try:
        response = client.get(address)
    except Exception as error:  # the test client raises what the view raised: a 500 in production
        pytest.fail(f"{address[:200]} raised {error!r}")
    assert response.status_code in {200, 302, 400, 403, 404}, (address[:200], response.status_code)
    return response.status_code


@pytest.fixture
def moderator(client):
    moderator = make_moderator(password=None)
    article = make_article()
    comment = make_comment(article, author=make_user(password=None))
    comment.report(by=make_user(password=None), reason="spam")
    client.force_login(moderator)
    return moderator


def test_every_changelist_filter_and_query_parameter_takes_every_hostile_value(client, moderator):
    admins = moderator_admins(moderator)
    assert len(admins) >= 7
    for model_admin in admins:
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        names = filter_parameters(model_admin, moderator)
        if opts.model_name == "comment":
            names |= set(SHARED_PARAMETERS)
        for name in sorted(names):
            for value in HOSTILE_VALUES:
                answers_without_error(client, url, {name: value})


def test_every_add_form_takes_every_hostile_value_as_initial_data(client, moderator):
    request = RequestFactory().get("/admin/")
    request.user = moderator
    reached = 0
    for model_admin in moderator_admins(moderator):
        if not model_admin.has_add_permission(request):
            continue
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        for name in model_admin.get_fields(request):
            for value in HOSTILE_VALUES:
                reached += answers_without_error(client, url, {name: value}) == 200
    assert reached  # the suspension form, at least, opened with the bad value dropped


def test_the_autocomplete_takes_every_hostile_value_in_every_parameter(client, moderator):
    url = reverse("admin:autocomplete")
    sources = [
        {"app_label": opts.app_label, "model_name": opts.model_name, "field_name": field}
        for model_admin in moderator_admins(moderator)
        for field in model_admin.autocomplete_fields
        for opts in [model_admin.model._meta]
    ]
    assert sources
    for source in sources:
        assert answers_without_error(client, url, {**source, "term": "a"}) == 200
        for name in [*source, "term", "page"]:
            for value in HOSTILE_VALUES:
                answers_without_error(client, url, {**source, "term": "a", name: value})


@pytest.mark.parametrize(
    "url",
    [
        "/admin/comments/comment/?state=%00",
        "/admin/comments/suspension/add/?user=%00",
        "/admin/autocomplete/?app_label=comments&model_name=suspension&field_name=user&term=%00",
    ],
)
def test_a_control_character_in_an_admin_address_is_a_400_that_says_so(client, moderator, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "control character (U+0000)" in response.content.decode()


def test_an_add_link_with_an_id_that_is_not_one_opens_an_empty_form(client, moderator):
    for value in ["abc", "1e9", "99999999999999999999", "-1"]:
        response = client.get(reverse("admin:comments_suspension_add"), {"user": value})
        assert response.status_code == 200
        assert response.context["adminform"].form.initial.get("user") is None, value
