"""A signed-in reader sees which comments are new since their previous visit to an article
(comments/models/article_visit.py): marked, counted at the top, linked one to the next."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import ArticleVisit
from tests.builders import make_article, make_comment, make_user
from tests.html_checks import assert_valid_html, text_of

START = timezone.now().replace(microsecond=0) - timedelta(days=1)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def read(client, article, moment):
    with at(moment):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return assert_valid_html(response.content.decode())


def new_ones(document) -> list[str]:
    return [
        item.get("id")
        for item in document.iter("li")
        if item.find("article/details/summary/*/strong[@class='new-mark']") is not None
    ]


def discussion():
    article = make_article(published=START - timedelta(days=2))
    reader, other = make_user("reader"), make_user("other")
    old = make_comment(article, author=other, created=START - timedelta(hours=1))
    return article, reader, other, old


def test_a_first_visit_marks_nothing_and_the_second_marks_what_others_posted_since(client, db):
    article, reader, other, old = discussion()
    client.force_login(reader)
    assert new_ones(read(client, article, START)) == []

    first = make_comment(article, old, author=other, created=START + timedelta(minutes=5))
    mine = make_comment(article, old, author=reader, created=START + timedelta(minutes=6))
    second = make_comment(article, author=other, created=START + timedelta(minutes=7))
    document = read(client, article, START + timedelta(minutes=10))
    assert new_ones(document) == [f"c{first.pk}", f"c{second.pk}"], "one's own comment is not news"
    count = document.find(".//p[@class='new-comments']")
    assert text_of(count) == "2 new comments since your last visit"
    assert count.find("a").get("href") == f"#c{first.pk}"
    links = document.findall(f".//li[@id='c{first.pk}']/article/details/p[@class='comment-links']/a[@class='next-new']")
    assert [link.get("href") for link in links] == [f"#c{second.pk}"]
    assert f"c{mine.pk}" not in new_ones(document)


def test_reloads_within_the_minute_keep_the_marks_and_write_nothing(client, db):
    article, reader, other, _ = discussion()
    client.force_login(reader)
    read(client, article, START)
    fresh = make_comment(article, author=other, created=START + timedelta(minutes=5))
    assert new_ones(read(client, article, START + timedelta(minutes=10))) == [f"c{fresh.pk}"]
    visit = ArticleVisit.objects.get(user=reader, article=article)
    assert (visit.previous_seen_at, visit.seen_at) == (START, START + timedelta(minutes=10))

    with CaptureQueriesContext(connection) as queries:
        assert new_ones(read(client, article, START + timedelta(minutes=10, seconds=50))) == [f"c{fresh.pk}"]
    about_visits = [query["sql"] for query in queries if "articlevisit" in query["sql"].lower()]
    assert len(about_visits) == 1, "the visit is read in the article's own query, and not written"
    assert about_visits[0].lstrip().upper().startswith("SELECT") and "comment_count" in about_visits[0].lower()
    visit.refresh_from_db()
    assert (visit.previous_seen_at, visit.seen_at) == (START, START + timedelta(minutes=10))

    # A minute later it is a new visit: what was new then has been seen.
    assert new_ones(read(client, article, START + timedelta(minutes=11, seconds=1))) == []


def test_the_visit_is_shared_across_devices(db):
    article, reader, other, _ = discussion()
    phone, desktop = Client(), Client()
    phone.force_login(reader)
    desktop.force_login(reader)
    read(phone, article, START)
    fresh = make_comment(article, author=other, created=START + timedelta(minutes=5))
    assert new_ones(read(desktop, article, START + timedelta(minutes=30))) == [f"c{fresh.pk}"]
    assert new_ones(read(phone, article, START + timedelta(minutes=30, seconds=20))) == [f"c{fresh.pk}"]
    assert ArticleVisit.objects.filter(user=reader).count() == 1


def test_anonymous_readers_cost_no_query_and_write_nothing(client, db):
    article, _, other, _ = discussion()
    make_comment(article, author=other)
    with CaptureQueriesContext(connection) as queries:
        document = read(client, article, timezone.now())
    assert not [query for query in queries if "articlevisit" in query["sql"].lower()]
    assert new_ones(document) == [] and document.find(".//p[@class='new-comments']") is None
    assert not ArticleVisit.objects.exists()


def test_removed_comments_are_not_news(client, db):
    from comments.models import Comment

    article, reader, other, _ = discussion()
    client.force_login(reader)
    read(client, article, START)
    gone = make_comment(article, author=other, created=START + timedelta(minutes=5))
    Comment.objects.filter(pk=gone.pk).update(state=Comment.State.DELETED)
    assert new_ones(read(client, article, START + timedelta(minutes=10))) == []
