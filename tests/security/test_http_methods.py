"""Every URL of the site answers HEAD as it answers GET, without a body, and any method it does not
take (PUT, DELETE, TRACE, made-up ones) with 405 and an Allow header. The URL patterns are walked
from the resolver, so a page added later is tested without being listed here."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from comments.models import Comment
from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

REFUSED_METHODS = ["PUT", "DELETE", "TRACE", "PATCH", "BREW"]


def walk(patterns, prefix: str = ""):
    """(route, pattern) for every URL pattern, nested includes and admin's included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + _text(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + _text(pattern.pattern), pattern


def _text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        text = re.sub(r"\(\?P<app_label>([a-z_]+)[^)]*\)", r"\1", text)  # the first app of admin's app list
        text = text.replace("(?P<url>.*)", "nowhere/")  # admin's catch-all
        text = re.sub(r"\(\?P<(\w+)>\[\\s\\S\]\*\)", r"<\1>", text)  # the JSON API's "anything before .json"
        text = text.replace("\\.", ".")
        text = re.sub(r"\(\?P<\w+>[^)]*\)\?", "", text).replace("/?", "/")  # optional parts left out
    return text


@pytest.fixture
def site(db):
    article = make_article()
    superuser = make_user("root", is_staff=True, is_superuser=True)
    comment = make_comment(article, author=superuser)
    values = {
        "slug": article.slug,
        "pk": str(comment.pk),
        "id": str(superuser.pk),
        "object_id": str(comment.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Comment).pk),
        "uidb64": "MQ",
        "token": "set-password",
        "username": "root",
    }
    return superuser, values


def urls(values: dict[str, str]) -> list[str]:
    found = []
    for route, _ in walk(get_resolver().url_patterns):
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)
        assert "<" not in url and "(" not in url, f"cannot fill in {route}: give the test a value for it"
        found.append(url)
    return found


def test_the_walk_reaches_every_kind_of_page(site):
    found = urls(site[1])
    assert len(found) > 60
    for expected in ["/", "/healthz", "/accounts/signup/", "/admin/", "/admin/auth/", "/admin/nowhere/"]:
        assert expected in found
    pk = site[1]["pk"]
    for action in ["hide", "unhide", "lock-replies", "unlock-replies", "suspend-author"]:
        assert f"/c/{pk}/{action}/" in found  # the moderators' forms in the thread: GET, HEAD and POST


def test_a_moderator_s_form_in_the_thread_answers_head_as_get_and_refuses_other_methods(site):
    superuser, values = site
    client = Client()
    client.force_login(superuser)
    url = f"/c/{values['pk']}/lock-replies/"
    get, head = client.get(url), client.head(url)
    assert (get.status_code, head.status_code, head.content) == (200, 200, b"")
    assert head["Content-Length"] == str(len(get.content))
    response = client.put(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize("signed_in", [True, False], ids=["superuser", "anonymous"])
def test_head_answers_every_url_as_get_does_without_a_body(site, signed_in):
    superuser, values = site
    client = Client()
    if signed_in:
        client.force_login(superuser)
    for url in urls(values):
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code, f"HEAD {url}: {head.status_code}, GET: {get.status_code}"
        assert head.content == b"", url
        assert head.get("Content-Type") == get.get("Content-Type"), url


@pytest.mark.parametrize("method", REFUSED_METHODS)
def test_methods_no_page_takes_get_405_with_allow(site, method):
    superuser, values = site
    client = Client()
    client.force_login(superuser)
    for url in urls(values):
        response = client.generic(method, url)
        assert response.status_code == 405, f"{method} {url}: {response.status_code}"
        allowed = {name.strip() for name in response["Allow"].split(",")}
        assert method not in allowed and allowed & {"GET", "POST"}, (url, allowed)


def test_read_only_pages_refuse_post_and_say_what_they_answer(site):
    _, values = site
    for url in ["/", f"/a/{values['slug']}/", f"/c/{values['pk']}/", "/healthz"]:
        response = Client().post(url)
        assert response.status_code == 405, url
        assert response["Allow"] == "GET, HEAD"


def test_head_on_a_reply_page_is_the_page_without_its_body(site):
    superuser, values = site
    client = Client()
    client.force_login(superuser)
    url = f"/c/{values['pk']}/reply/"
    get, head = client.get(url), client.head(url)
    assert (get.status_code, head.status_code) == (200, 200)
    assert head["Content-Length"] == str(len(get.content))
