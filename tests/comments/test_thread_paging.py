"""Long discussions are paged by top-level comments, and a permalink finds the page holding its comment."""

import re

import pytest

from comments.models import Comment
from tests.builders import make_article, make_chain, make_comment
from tests.html_checks import assert_valid_html


def comment_ids(html: str) -> list[int]:
    return [int(match) for match in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]


@pytest.fixture
def paged(db, settings):
    """Five top-level comments, two to a page, each with replies that must travel with it."""
    settings.THREAD_PAGE_SIZE = 2
    article = make_article()
    threads = []
    for _ in range(5):
        root = make_comment(article)
        reply = make_comment(article, root)
        threads.append([root, reply, make_comment(article, reply)])
    return article, threads


def pks(*threads) -> list[int]:
    return [comment.pk for thread in threads for comment in thread]


def test_pages_hold_whole_top_level_threads(client, paged):
    article, threads = paged
    pages = [comment_ids(client.get(f"{article.get_absolute_url()}?page={n}").content.decode()) for n in (1, 2, 3)]
    assert pages == [pks(*threads[0:2]), pks(*threads[2:4]), pks(threads[4])]


def test_newest_first_pages_from_the_newest_thread(client, paged):
    article, threads = paged
    html = client.get(f"{article.get_absolute_url()}?sort=new&page=1").content.decode()
    assert comment_ids(html) == pks(threads[4], threads[3])
    # The page links keep the order.
    document = assert_valid_html(html)
    next_link = document.find(".//nav[@class='pagination']/a[@rel='next']")
    assert next_link.get("href") == "?sort=new&page=2#discussion"


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 3), ("-4", 3), ("999", 3), ("9" * 30, 3), ("", 1)])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page(client, paged, asked, shown):
    article, _ = paged
    response = client.get(f"{article.get_absolute_url()}?page={asked}")
    assert response.status_code == 200
    assert f"Page {shown} of 3" in response.content.decode()


def test_pagination_is_valid_and_labelled(client, paged):
    article, _ = paged
    document = assert_valid_html(client.get(f"{article.get_absolute_url()}?page=2").content.decode())
    navs = document.findall(".//nav[@class='pagination']")
    # Above the comments and below them, each with its own name (landmarks of one kind are told apart).
    assert [nav.get("aria-label") for nav in navs] == ["Comment pages, top", "Comment pages"]
    for nav in navs:
        assert [link.get("rel") for link in nav.findall("a")] == ["prev", "next"]
    assert "(comments, page 2)" in next(document.iter("title")).text


def test_permalink_of_any_comment_lands_on_the_page_that_holds_it(client, paged):
    article, threads = paged
    for thread in threads:
        for comment in thread:
            url = comment.get_absolute_url()
            path, anchor = url.split("#")
            assert anchor == f"c{comment.pk}"
            assert comment.pk in comment_ids(client.get(path).content.decode()), url
    assert threads[0][2].get_absolute_url() == f"{article.get_absolute_url()}#c{threads[0][2].pk}"
    assert threads[4][0].get_absolute_url() == f"{article.get_absolute_url()}?page=3#c{threads[4][0].pk}"


def test_permalink_ignores_other_articles_threads(db, settings):
    settings.THREAD_PAGE_SIZE = 1
    article, other = make_article(), make_article()
    for _ in range(3):
        make_comment(other)
    first = make_comment(article)
    assert first.get_absolute_url() == f"{article.get_absolute_url()}#c{first.pk}"


def test_permalink_below_the_shown_depth_opens_the_comments_own_page(client, db):
    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 2)
    deepest_shown, beyond = chain[Comment.DISPLAY_DEPTH], chain[Comment.DISPLAY_DEPTH + 1]
    assert deepest_shown.get_absolute_url().startswith(article.get_absolute_url())
    assert beyond.get_absolute_url() == f"{beyond.get_permalink()}#c{beyond.pk}"
    assert beyond.pk not in comment_ids(client.get(article.get_absolute_url()).content.decode())
    assert f'id="c{beyond.pk}"' in client.get(beyond.get_permalink()).content.decode()
