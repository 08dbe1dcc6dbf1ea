"""Atom 1.0 feeds: parsed, checked against RFC 4287's required elements, and never showing removed text."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_article, make_comment, make_moderator, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ET.Element:
    """The feed, after checking what RFC 4287 requires of a feed and of each entry."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314  the forum's own output, not untrusted input
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, f"feed needs exactly one {name}"
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    feed_author = feed.find(f"{ATOM}author") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, f"entry needs exactly one {name}"
        assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        timestamp = entry.findtext(f"{ATOM}updated")
        assert timezone.datetime.fromisoformat(timestamp).tzinfo is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids are unique"
    return feed


def entry_text(feed: ET.Element) -> str:
    return " ".join("".join(entry.itertext()) for entry in feed.findall(f"{ATOM}entry"))


@pytest.fixture
def discussion(db):
    alice = make_user("alice")
    article = make_article(title="Tides & <moons>")
    make_comment(article, author=alice, body="Visible words.")
    hidden = make_comment(article, author=alice, body="Hidden words.")
    hidden.hide(by=make_moderator("mod"), reason="rude")
    deleted = make_comment(article, author=alice, body="Deleted words.")
    deleted.delete_by_author(by=alice)
    return article, alice


def test_latest_articles_is_valid_atom_of_published_articles_only(client, db):
    make_article(title="Out now")
    make_article(title="Not yet", published=timezone.now() + timedelta(days=1))
    feed = parse_atom(client.get(reverse("forum:articles_feed")))
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Out now"]


def test_an_articles_comments_are_valid_atom_without_removed_or_deleted_ones(client, discussion):
    article, _ = discussion
    feed = parse_atom(client.get(reverse("forum:article_comments_feed", args=[article.slug])))
    text = entry_text(feed)
    assert "Visible words." in text
    assert "Hidden words." not in text and "Deleted words." not in text
    assert feed.findtext(f"{ATOM}title") == "Comments on Tides & <moons>"  # escaped in XML, read back as written


def test_a_readers_comments_are_valid_atom_without_removed_or_deleted_ones(client, discussion):
    feed = parse_atom(client.get(reverse("forum:user_comments_feed", args=["alice"])))
    text = entry_text(feed)
    assert "Visible words." in text
    assert "Hidden words." not in text and "Deleted words." not in text


def test_comments_on_an_unpublished_article_are_in_no_feed(client, db):
    alice = make_user("alice")
    draft = make_article(published=timezone.now() + timedelta(days=1))
    make_comment(draft, author=alice, body="Early words.")
    assert client.get(reverse("forum:article_comments_feed", args=[draft.slug])).status_code == 404
    assert "Early words." not in entry_text(parse_atom(client.get(reverse("forum:user_comments_feed", args=["alice"]))))


def test_unknown_articles_and_readers_have_no_feed(client, db):
    assert client.get(reverse("forum:article_comments_feed", args=["nothing"])).status_code == 404
    assert client.get(reverse("forum:user_comments_feed", args=["nobody"])).status_code == 404


def test_pages_point_to_their_feeds(client, discussion):
    article, _ = discussion
    front = client.get(reverse("forum:front_page")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" title="Latest articles on' in front
    assert reverse("forum:articles_feed") in front
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{reverse("forum:article_comments_feed", args=[article.slug])}"' in page


def test_comment_html_in_a_feed_is_escaped_once_as_atom_requires(client, db):
    article = make_article()
    make_comment(article, author=make_user("alice"), body="<script>alert(1)</script> **bold**")
    raw = client.get(reverse("forum:article_comments_feed", args=[article.slug])).content.decode()
    assert "<script>" not in raw
    summary = ET.fromstring(raw).find(  # noqa: S314  the forum's own output
        f"{ATOM}entry/{ATOM}summary"
    )
    assert summary.get("type") == "html"
    assert "<script>" not in summary.text  # the sanitised HTML the page shows, never the raw text
