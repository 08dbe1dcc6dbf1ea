from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from tests.builders import make_article, make_comment
from tests.html_checks import assert_valid_html, meta_description, text_of

FRONT_PAGE = reverse("forum:front_page")


def titles(document) -> list[str]:
    return [text_of(heading) for heading in document.findall(".//li[@class='article-summary']/article/h2")]


def test_articles_run_newest_first_with_deck_time_and_comment_count(client, db):
    now = timezone.now()
    older = make_article("Older", deck="The older one", published=now - timedelta(days=2))
    newer = make_article("Newer", published=now - timedelta(hours=1))
    for _ in range(3):
        make_comment(older)
    hidden = make_comment(newer)
    make_comment(newer)
    Comment.objects.filter(pk=hidden.pk).update(state=Comment.State.HIDDEN)
    document = assert_valid_html(client.get(FRONT_PAGE).content.decode())
    assert titles(document) == ["Newer", "Older"]
    summaries = document.findall(".//li[@class='article-summary']/article")
    assert text_of(summaries[1].find("p[@class='deck']")) == "The older one"
    assert summaries[0].find("p[@class='deck']") is None
    counts = [text_of(summary.find("p[@class='meta']/a")) for summary in summaries]
    assert counts == ["1 comment", "3 comments"]  # a hidden comment is not counted
    assert summaries[1].find("p[@class='meta']/a").get("href") == f"{older.get_absolute_url()}#discussion"
    assert text_of(summaries[0].find("p[@class='meta']/time")) == "1 hour ago"  # text_of() folds the no-break space
    assert meta_description(document)


def test_comment_counts_come_with_the_articles_in_one_query(client, db, settings):
    settings.ARTICLES_PER_PAGE = 30

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FRONT_PAGE).status_code == 200
        return len(captured)

    make_comment(make_article())
    few = queries()
    for _ in range(24):
        article = make_article()
        make_comment(article)
        make_comment(article)
    assert queries() == few == 2  # the paginator's count, then the page of articles with their counts


def test_front_page_is_paginated(client, db, settings):
    settings.ARTICLES_PER_PAGE = 2
    now = timezone.now()
    for number in range(5):
        make_article(f"Article {number}", published=now - timedelta(hours=number))
    first = assert_valid_html(client.get(FRONT_PAGE).content.decode())
    third = assert_valid_html(client.get(FRONT_PAGE + "?page=3").content.decode())
    assert titles(first) == ["Article 0", "Article 1"]
    assert titles(third) == ["Article 4"]
    assert first.find(".//nav[@class='pagination']/a[@rel='next']").get("href") == "?page=2"
    assert "page 3" in text_of(next(third.iter("title")))
    assert client.get(FRONT_PAGE + "?page=nonsense").status_code == 200


def test_articles_not_yet_published_are_not_listed(client, db):
    make_article("Tomorrow's news", published=timezone.now() + timedelta(days=1))
    html = client.get(FRONT_PAGE).content.decode()
    assert "Tomorrow" not in html
    assert "No articles yet." in html


def test_pages_link_to_the_first_and_last_page_when_they_are_not_next_door(client, db, settings):
    settings.ARTICLES_PER_PAGE = 1
    for number in range(5):
        make_article(f"Article {number}")

    def links(query: str) -> dict[str, str]:
        document = assert_valid_html(client.get(FRONT_PAGE + query).content.decode())
        return {text_of(a): a.get("href") for a in document.findall(".//nav[@class='pagination']/a")}

    assert links("") == {"Next →": "?page=2", "Last »": "?page=5"}
    assert links("?page=2") == {"← Previous": "?page=1", "Next →": "?page=3", "Last »": "?page=5"}
    assert links("?page=3") == {"« First": "?page=1", "← Previous": "?page=2", "Next →": "?page=4", "Last »": "?page=5"}
    assert links("?page=5") == {"« First": "?page=1", "← Previous": "?page=4"}
