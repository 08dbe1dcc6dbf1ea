"""Every URL that takes an id answers 404 for ids that are not ids, or name nothing: never a 500.

The URLs come from the resolver itself, so a view added later is covered without
editing this file.
"""

import re
from urllib.parse import unquote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.builders import make_article, make_comment, make_user

HOSTILE_IDS = [
    "abc",
    "-1",
    "0",
    "00",
    "1.0",
    "1e3",
    "0x1",
    "%20" + "1",
    "1%00",
    "%00",
    "%2e%2e",
    "%c0%ae",  # an overlong UTF-8 dot
    "%ff%fe",  # not UTF-8 at all
    "%EF%BC%91",  # a full-width digit one
    "\u0661",  # an Arabic-Indic digit one, raw
    "9223372036854775807",  # the largest bigint, naming nothing
    "9223372036854775808",  # one past it
    "99999999999999999999999999999999999999",
    "1" * 400,
]
ID_CONVERTER = re.compile(r"<int:(\w+)>")


def urls_taking_an_id(patterns=None, prefix: str = "") -> list[str]:
    """Every route with an <int:...> part, as a template with {id} in its place."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += urls_taking_an_id(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and ID_CONVERTER.search(route):
            found.append("/" + prefix + ID_CONVERTER.sub("{id}", route))
    return found


def names_a_small_id(hostile: str) -> bool:
    try:
        return 0 < int(unquote(hostile)) < 10**9
    except ValueError:
        return False


FORUM_URLS = [url for url in urls_taking_an_id() if not url.startswith("/admin/")]


def test_the_forum_has_urls_that_take_an_id():
    assert "/c/{id}/" in FORUM_URLS


@pytest.fixture
def signed_in_superuser(client, db):
    # The most privileged user: a lookup is never skipped for want of a permission.
    user = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(user)
    article = make_article()
    make_comment(article)  # an id that does exist, so the table is not empty
    return client


@pytest.mark.parametrize("url", FORUM_URLS)
def test_hostile_ids_answer_404(signed_in_superuser, url):
    for hostile in HOSTILE_IDS:
        path = url.replace("{id}", hostile)
        assert signed_in_superuser.get(path).status_code in {404, 405}, path  # 405: a POST-only URL
        assert signed_in_superuser.head(path).status_code in {404, 405}, path
        posted = signed_in_superuser.post(path, {"body": "x", "reason": "spam"})
        # 405 only where the page takes no POST at all (a read-only page), whatever the id.
        assert posted.status_code == 404 or (posted.status_code == 405 and "POST" not in posted["Allow"]), path


@pytest.mark.parametrize(
    "model", ["comments/comment", "forum/article", "auth/user", "comments/report", "comments/suspension"]
)
def test_hostile_ids_in_the_admin_never_fail(signed_in_superuser, model):
    for hostile in HOSTILE_IDS:
        if names_a_small_id(hostile):
            continue  # the admin reads " 1" and other digits as int() does: an object that may exist
        for action in ("change", "delete", "history"):
            response = signed_in_superuser.get(f"/admin/{model}/{hostile}/{action}/")
            # The admin sends a missing object back to its list with a message; a model not
            # registered in the admin is a plain 404; an action the admin never allows, 403.
            assert response.status_code in {302, 403, 404}, (hostile, action, response.status_code)
