"""?sort=best: every level of the discussion by the lower bound of its Wilson score, replies under their parents."""

import pytest

from comments.models import Comment
from tests.builders import make_article, make_comment


def ids_in(page: str, comments) -> list[int]:
    return sorted((page.index(f'id="c{comment.pk}"'), comment.pk) for comment in comments)


@pytest.fixture
def discussion(db):
    article = make_article()
    quiet = make_comment(article, body="quiet")
    loved = make_comment(article, body="loved")
    flagged = make_comment(article, body="flagged")
    answer_a = make_comment(article, loved, body="answer a")
    answer_b = make_comment(article, loved, body="answer b")
    Comment.objects.filter(pk=loved.pk).update(vote_count=10)
    Comment.objects.filter(pk=flagged.pk).update(vote_count=10, report_count=10)
    Comment.objects.filter(pk=answer_b.pk).update(vote_count=2)
    return article, [quiet, loved, flagged, answer_a, answer_b]


def test_best_orders_each_level_and_keeps_replies_under_their_parent(client, discussion):
    article, (quiet, loved, flagged, answer_a, answer_b) = discussion
    page = client.get(article.get_absolute_url() + "?sort=best").content.decode()
    order = [pk for _, pk in ids_in(page, [quiet, loved, flagged, answer_a, answer_b])]
    assert order == [loved.pk, answer_b.pk, answer_a.pk, flagged.pk, quiet.pk]
    assert '<strong aria-current="true">best first</strong>' in page


def test_paging_under_best_pages_the_top_level_comments_in_best_order(client, discussion, settings):
    settings.THREAD_PAGE_SIZE = 1
    article, (quiet, loved, *_) = discussion
    first = client.get(article.get_absolute_url() + "?sort=best").content.decode()
    third = client.get(article.get_absolute_url() + "?sort=best&page=3").content.decode()
    assert f'id="c{loved.pk}"' in first and f'id="c{quiet.pk}"' not in first
    assert f'id="c{quiet.pk}"' in third


def test_oldest_first_stays_the_default(client, discussion):
    article, (quiet, loved, flagged, *_) = discussion
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index(f'id="c{quiet.pk}"') < page.index(f'id="c{loved.pk}"') < page.index(f'id="c{flagged.pk}"')


@pytest.mark.parametrize(("sort", "page"), [("old", 2), ("new", 2), ("best", 3)])
def test_a_comments_address_under_each_sort_lands_on_the_page_that_shows_it(client, discussion, settings, sort, page):
    settings.THREAD_PAGE_SIZE = 1
    _, (quiet, loved, _, answer_a, _) = discussion
    target = {"old": loved, "new": loved, "best": quiet}[sort]
    url = target.get_absolute_url(sort)
    assert (f"page={page}" in url) and (sort == "old" or f"sort={sort}" in url)
    assert f'id="c{target.pk}"' in client.get(url).content.decode()
    reply_url = answer_a.get_absolute_url(sort)  # a reply lands with its thread
    assert f'id="c{answer_a.pk}"' in client.get(reply_url).content.decode()


def test_a_comments_own_page_links_back_to_the_discussion_under_the_readers_sort(client, discussion, settings):
    settings.THREAD_PAGE_SIZE = 1
    article, (quiet, *_) = discussion
    page = client.get(quiet.get_permalink() + "?sort=best").content.decode()
    assert f"{article.get_absolute_url()}?sort=best&amp;page=3#c{quiet.pk}" in page
