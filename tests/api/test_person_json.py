"""GET /u/<name>.json: a person and their visible comments, newest first."""

import pytest
from django.core.cache import cache

from tests.builders import make_article, make_comment, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def test_person_with_visible_comments_newest_first(client, alice):
    article = make_article("Tides")
    older = make_comment(article, body="first", author=alice)
    newer = make_comment(article, body="second", author=alice)
    hidden = make_comment(article, body="hidden words", author=alice)
    hidden.hide(by=make_moderator(), reason="x")
    data = client.get("/u/alice.json").json()
    assert data["user"]["username"] == "alice" and data["user"]["comment_count"] == 2
    assert data["user"]["suspended_until"] is None
    assert [c["id"] for c in data["comments"]] == [newer.pk, older.pk]
    assert data["comments"][0]["article"]["title"] == "Tides"
    assert "hidden words" not in client.get("/u/alice.json").content.decode()


def test_unknown_and_closed_accounts_are_404(client, alice):
    assert client.get("/u/nobody.json").status_code == 404
    alice.is_active = False
    alice.save()
    assert client.get("/u/alice.json").status_code == 404
