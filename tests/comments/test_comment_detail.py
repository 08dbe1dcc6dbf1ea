from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from tests.builders import make_article, make_chain, make_comment
from tests.html_checks import assert_valid_html, meta_description, text_of


def test_comment_page_shows_ancestors_above_and_replies_below(client, db):
    article = make_article(title="Rivers")
    root = make_comment(article, body="the root", author_name="Ann")
    middle = make_comment(article, root, body="the middle")
    focal = make_comment(article, middle, body="the focal comment", author_name="Bea")
    reply = make_comment(article, focal, body="a reply to it")
    make_comment(article, root, body="a sibling thread elsewhere")
    response = client.get(focal.get_permalink())
    assert response.status_code == 200
    document = assert_valid_html(response.content.decode())
    ancestors = document.findall(".//ol[@class='ancestors']/li")
    assert [item.get("id") for item in ancestors] == [f"c{root.pk}", f"c{middle.pk}"]
    thread = document.find(".//section[@aria-labelledby='focal-heading']/ol[@class='thread']")
    assert [item.get("id") for item in thread.iter("li")] == [f"c{focal.pk}", f"c{reply.pk}"]
    assert "a sibling thread elsewhere" not in text_of(document)
    assert text_of(next(document.iter("title"))).startswith("Bea on Rivers")
    assert meta_description(document) == "the focal comment"


def test_comment_page_links_to_the_whole_discussion_where_the_thread_is(client, db, settings):
    settings.THREAD_PAGE_SIZE = 2
    article = make_article()
    roots = [make_comment(article) for _ in range(5)]
    reply = make_comment(article, roots[4])
    document = assert_valid_html(client.get(reply.get_permalink()).content.decode())
    link = document.find(".//nav[@class='breadcrumb']/a")
    assert link.get("href") == f"{article.get_absolute_url()}?page=3#c{reply.pk}"
    assert "whole discussion at this comment" in text_of(link)


def test_comment_page_continues_a_deep_thread(client, db):
    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH * 2 + 3)
    html = client.get(chain[0].get_permalink()).content.decode()
    document = assert_valid_html(html)
    shown = [item.get("id") for item in document.find(".//ol[@class='thread']").iter("li")]
    assert shown == [f"c{comment.pk}" for comment in chain[: Comment.DISPLAY_DEPTH + 1]]
    continuation = chain[Comment.DISPLAY_DEPTH]
    link = document.find(f".//li[@id='c{continuation.pk}']//p[@class='continue']/a")
    # It opens the comment's page scrolled to the comment.
    assert link.get("href") == f"{continuation.get_permalink()}#c{continuation.pk}"
    assert text_of(link) == "Continue this thread →"

    # Its page picks the thread up where the article page left it.
    document = assert_valid_html(client.get(link.get("href")).content.decode())
    assert len(document.findall(".//ol[@class='ancestors']/li")) == Comment.DISPLAY_DEPTH
    shown = [item.get("id") for item in document.find(".//ol[@class='thread']").iter("li")]
    assert shown == [f"c{comment.pk}" for comment in chain[Comment.DISPLAY_DEPTH : Comment.DISPLAY_DEPTH * 2 + 1]]


@pytest.mark.parametrize(
    "path",
    ["/c/0/", "/c/999999/", "/c/abc/", "/c/-1/", "/c/1.5/", "/c/9223372036854775808/", "/c/" + "9" * 40 + "/"],
)
def test_unknown_or_malformed_comment_id_is_a_friendly_404(client, db, path):
    make_comment(make_article())
    response = client.get(path)
    assert response.status_code == 404
    document = assert_valid_html(response.content.decode())
    assert text_of(next(document.iter("h1"))) == "Page not found"
    assert "Traceback" not in response.content.decode()


def test_comment_on_an_unpublished_article_is_a_404(client, db):
    article = make_article(title="Embargoed", published=timezone.now() + timedelta(days=1))
    comment = make_comment(article)
    response = client.get(comment.get_permalink())
    assert response.status_code == 404
    assert "Embargoed" not in response.content.decode()


def test_comment_page_queries_do_not_grow_with_the_thread(client, db):
    article = make_article()
    short = make_chain(article, 3)
    long = make_chain(article, 25)
    for comment in long[:10]:
        make_comment(article, comment)

    def queries(comment) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(comment.get_permalink()).status_code == 200
        return len(captured)

    assert queries(short[1]) == queries(long[20]) == 4
    assert queries(short[0]) == queries(long[0]) == 3  # a top-level comment has no ancestors to fetch
