"""A person's page: visible comments newest first, join date, count, suspension; removed ones for moderators only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def profile_url(user) -> str:
    return reverse("people:profile", kwargs={"username": user.get_username()})


def test_profile_lists_visible_comments_newest_first_with_their_articles(client, alice):
    article = make_article("Tides")
    older = make_comment(article, body="first thought", author=alice, created=timezone.now() - timedelta(hours=2))
    newer = make_comment(article, body="second thought", author=alice)
    make_comment(article, body="someone else", author=make_user())
    response = client.get(profile_url(alice))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [newer, older]
    assert response.context["comment_count"] == 2
    html = response.content.decode()
    assert_valid_html(html)
    assert "Tides" in html and "someone else" not in html
    assert f'href="{newer.get_absolute_url()}"' in html


def test_removed_comments_appear_only_to_moderators(client, alice):
    article = make_article()
    moderator = make_moderator()
    shown = make_comment(article, body="kept words", author=alice)
    hidden = make_comment(article, body="removed words", author=alice)
    hidden.hide(by=moderator, reason="rude", public=True)
    deleted = make_comment(article, body="withdrawn words", author=alice)
    deleted.delete_by_author(by=alice)

    reader = client.get(profile_url(alice))
    assert list(reader.context["page"].object_list) == [shown]
    assert "removed words" not in reader.content.decode() and "withdrawn words" not in reader.content.decode()
    assert reader.context["comment_count"] == 1

    client.force_login(moderator)
    seen = client.get(profile_url(alice))
    assert set(seen.context["page"].object_list) == {shown, hidden, deleted}
    assert "[removed by a moderator: rude]" in seen.content.decode()
    assert seen.context["comment_count"] == 1


def test_a_suspended_account_says_so(client, alice):
    Suspension.suspend(alice, until=timezone.now() + timedelta(days=3), reason="spam", by=make_moderator())
    assert "This account is suspended until" in client.get(profile_url(alice)).content.decode()


def test_unknown_and_closed_accounts_have_no_page(client, alice):
    assert client.get(reverse("people:profile", kwargs={"username": "nobody"})).status_code == 404
    alice.is_active = False
    alice.save()
    assert client.get(profile_url(alice)).status_code == 404


def test_comments_link_to_their_authors_page_unless_imported_or_removed(alice):
    article = make_article()
    own = make_comment(article, author=alice)
    imported = make_comment(article, author_name="Someone Imported")
    removed = make_comment(article, author=alice)
    removed.hide(by=make_moderator(), reason="x")
    assert own.author_url == "/u/alice/"
    assert imported.author_url is None
    assert removed.author_url is None


def test_the_page_shows_the_join_date_and_escapes_names(client):
    person = make_user("o'brien<b>")
    html = client.get(profile_url(person)).content.decode()
    assert "o&#x27;brien&lt;b&gt;" in html
    assert "Joined" in html
