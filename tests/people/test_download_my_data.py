"""Download my data: the account and every comment it wrote, whatever its state, with its earlier versions."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


def test_download_holds_the_account_and_every_comment_with_its_history(client, alice):
    alice.email = "alice@example.com"
    alice.save()
    article = make_article(slug="tides")
    comment = make_comment(article, body="first words", author=alice)
    comment.edit(by=alice, body="second words")
    hidden = make_comment(article, body="removed words", author=alice)
    hidden.hide(by=make_moderator(), reason="x")
    make_comment(article, body="not mine")
    client.force_login(alice)
    response = client.post(reverse("people:download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["format"] == "threads.account"
    assert data["account"]["username"] == "alice" and data["account"]["email"] == "alice@example.com"
    by_id = {record["id"]: record for record in data["comments"]}
    assert set(by_id) == {comment.pk, hidden.pk}
    assert by_id[comment.pk]["body"] == "second words" and by_id[comment.pk]["article"] == "tides"
    assert [revision["body"] for revision in by_id[comment.pk]["revisions"]] == ["first words"]
    assert by_id[hidden.pk]["state"] == "hidden" and by_id[hidden.pk]["body"] == "removed words"
    assert "password" not in response.content.decode()


def test_download_needs_a_post_from_the_signed_in_owner(client, alice):
    assert client.post(reverse("people:download")).status_code == 302
    client.force_login(alice)
    assert client.get(reverse("people:download")).status_code == 405


def test_download_holds_when_the_account_last_read_each_article(client, alice):
    from comments.models import ArticleVisit

    tides, rivers = make_article(slug="tides"), make_article(slug="rivers")
    first, second = timezone.now() - timedelta(days=2), timezone.now() - timedelta(hours=1)
    ArticleVisit.record(alice, tides, first)
    ArticleVisit.record(alice, tides, second)
    ArticleVisit.record(alice, rivers, second)
    ArticleVisit.record(make_user("bob"), tides, second)  # someone else's reading is not in alice's file
    client.force_login(alice)
    data = json.loads(client.post(reverse("people:download")).content)
    assert sorted(data["article_visits"], key=lambda visit: visit["article"]) == [
        {"article": "rivers", "seen_at": second.isoformat(), "previous_seen_at": None},
        {"article": "tides", "seen_at": second.isoformat(), "previous_seen_at": first.isoformat()},
    ]
