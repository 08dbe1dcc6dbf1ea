"""Hostile search input answers 200 or 400 with a clear page, never a 500, and nothing of it runs."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.builders import make_article, make_comment
from tests.html_checks import assert_valid_html
from tests.security.test_xss import PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

SYNTAX = [
    '"unbalanced',
    'a "b c',
    '""',
    "a & b | !c",
    "(a or",
    "a <-> b",
    "a:* & b:A",
    "NOT AND OR",
    "or or or",
    "-",
    "--a",
    "- -",
    "a -",
    "'",
    "\\",
    "%",
    "_",
    "*",
    "NEAR(a b)",
    "a NOT b",
    "col:word",
    "^word",
    "{a b}: c",
    "\x00",
    "word\x00word",
    "\ue000mark\ue001",
    "🦀 crab",
    "ǅ ﷽ ＡＢＣ",
]


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.SEARCHES_PER_MINUTE = 10_000
    cache.clear()


@pytest.fixture
def discussion(db):
    article = make_article("Crab fishing")
    make_comment(article, body="word a b c crab mark")
    return article


@pytest.mark.parametrize("query", SYNTAX + PAYLOADS)
def test_hostile_query_answers_a_clear_page(client, discussion, query):
    response = client.get(reverse("search:search"), {"q": query, "author": query, "article": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(html)
    assert executable_parts(html) == []


@pytest.mark.parametrize("query", SYNTAX + PAYLOADS)
def test_hostile_query_alone_finds_without_error(client, discussion, query):
    response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    assert executable_parts(response.content.decode()) == []


def test_a_ten_thousand_character_query_is_refused_with_400(client, discussion):
    response = client.get(reverse("search:search"), {"q": "crab " * 2000})
    assert response.status_code == 400
    assert "limited to 200 characters" in response.content.decode()


def test_a_query_of_only_punctuation_says_there_is_nothing_to_search_for(client, discussion):
    response = client.get(reverse("search:search"), {"q": "!!! ... ???"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "no words to search for" in response.content.decode()


def test_an_empty_query_shows_the_form(client, discussion):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "Type some words" in response.content.decode()


def test_a_page_number_past_the_end_or_not_a_number_gives_a_page(client, discussion):
    for page in ("999", "-1", "x", "1e9", "\x00"):
        assert client.get(reverse("search:search"), {"q": "crab", "page": page}).status_code == 200
