"""A discussion page holds at most THREAD_PAGE_COMMENTS comments whatever the threads' shape: pages are
runs of whole top-level threads, and a thread larger than the budget is shown cut, with links that
continue exactly where it stops. Every comment stays reachable by following links."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from forum.pages.page_cache import forget_local_copies
from tests.builders import make_article, make_big_thread, make_comment
from tests.html_checks import assert_valid_html, text_of

THREAD_ITEM = re.compile(r'<li class="comment[^"]*" id="c(\d+)"')


def shown_ids(html: str) -> list[int]:
    return [int(pk) for pk in THREAD_ITEM.findall(html)]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def big(db):
    """An article with two small threads, one of 2,000 replies (a chain in it deeper than a page
    shows), then three small threads more."""
    article = make_article()
    before = [make_comment(article, make_comment(article)) for _ in range(2)]
    root = make_big_thread(article, 2_000, chain=12)
    after = [make_comment(article) for _ in range(3)]
    return article, root, before, after


def test_a_two_thousand_reply_thread_is_shown_cut_on_a_page_of_its_own(client, big, settings):
    article, root, _, _ = big
    assert settings.THREAD_PAGE_COMMENTS == 200
    first = get(client, article.get_absolute_url())
    assert len(shown_ids(first)) == 4  # the two small threads; the big one would not fit beside them
    html = get(client, f"{article.get_absolute_url()}?page=2")
    ids = shown_ids(html)
    assert len(ids) == 200 and ids[0] == root.pk
    assert len(html.encode()) < 300_000, len(html.encode())
    document = assert_valid_html(html)
    links = document.findall(".//p[@class='more-replies']/a")
    assert links, "a cut thread links on to the replies it leaves out"
    # Every comment left out is counted by exactly one link.
    counted = sum(int(text_of(link).split()[0]) for link in links)
    assert counted == 2_001 - 200 - sum(deeper_than_the_page_below(document, ids))
    assert all(text_of(link).endswith("more replies →") or text_of(link) == "1 more reply →" for link in links)
    # Named for a screen reader's list of links: whose replies they are.
    authors = {f"c{c.pk}": c.author.get_username() if c.author else c.author_name for c in article.comments.all()}
    named = [
        (link, authors[item.get("id")])
        for item in document.iter("li")
        for link in item.findall("./article/details/p[@class='more-replies']/a")
    ]
    assert len(named) == len(links)
    for link, author in named:
        assert link.get("aria-label") == f"{text_of(link).removesuffix(' →')} to {author}"
    assert shown_ids(get(client, f"{article.get_absolute_url()}?page=3")) == [c.pk for c in big[3]]


def deeper_than_the_page_below(document, ids) -> list[int]:
    """The replies each "Continue this thread" link stands for (not counted by a "more replies" link)."""
    counts = []
    for pk in ids:
        item = document.find(f".//li[@id='c{pk}']")
        if item.find("./article/details/p[@class='continue']") is not None:
            comment = Comment.objects.get(pk=pk)
            counts.append((comment.rght - comment.lft - 1) // 2)
    return counts


def crawl(client, start: str) -> tuple[set[int], int]:
    """Every comment a reader reaches from `start` by following page, "more replies" and "continue" links."""
    seen_urls, found, queue = set(), set(), [start]
    while queue:
        url = queue.pop()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        html = get(client, url)
        found.update(shown_ids(html))
        for href in re.findall(
            r'<(?:p class="(?:more-replies|continue)"><a|a rel="(?:next|prev)") href="([^"]+)"', html
        ):
            target = urljoin(url, href.replace("&amp;", "&")).split("#")[0]
            assert urlsplit(target).path.startswith(("/a/", "/c/")), target
            queue.append(target)
    return found, len(seen_urls)


@pytest.mark.parametrize("sort", ["old", "new", "best"])
def test_every_comment_of_a_huge_thread_is_reachable_by_following_links(client, big, sort):
    article = big[0]
    everyone = set(article.comments.values_list("pk", flat=True))
    assert len(everyone) == 2_001 + 4 + 3
    start = article.get_absolute_url() + ("" if sort == "old" else f"?sort={sort}")
    found, pages = crawl(client, start)
    assert found == everyone
    assert pages < 60, pages


def test_the_rest_of_a_cut_thread_follows_on_in_the_same_order(client, big):
    article, root, _, _ = big
    html = get(client, f"{article.get_absolute_url()}?page=2")
    shown = shown_ids(html)
    href = re.findall(r'<p class="more-replies"><a href="([^"]+)"', html)[-1].replace("&amp;", "&")
    # The last link is the top comment's: its replies after the one shown last, from the next one.
    path, _, anchor = href.partition("#")
    assert path.startswith(root.get_permalink() + "?after=")
    after = int(path.split("after=")[1])
    assert after in shown
    continued = shown_ids(get(client, path))
    assert continued[0] == root.pk and f"c{continued[1]}" == anchor
    replies = list(root.get_children().order_by("lft").values_list("pk", flat=True))
    assert continued[1] == replies[replies.index(after) + 1]
    assert len(continued) <= 200


def test_a_page_of_a_cut_thread_takes_the_same_queries_whatever_its_size(client, db):
    article_small, article_large = make_article(), make_article()
    make_big_thread(article_small, 300)
    make_big_thread(article_large, 2_000)

    def queries(article, query="") -> int:
        url = article.get_absolute_url() + query
        get(client, url)  # renders and stores the pieces the bulk insert left out
        with CaptureQueriesContext(connection) as captured:
            get(client, url)
        return len(captured)

    # The article, the top-level threads' sizes, the cut thread's skeleton, its first comments' rows.
    assert queries(article_small) == queries(article_large) == 4
    assert queries(article_small, "?sort=best") == queries(article_large, "?sort=best") == 4


def test_page_last_is_the_last_page(client, db, settings):
    settings.THREAD_PAGE_COMMENTS = 4
    article = make_article()
    threads = [make_comment(article, make_comment(article)) for _ in range(5)]  # two comments each
    html = get(client, f"{article.get_absolute_url()}?page=last")
    assert "Page 3 of 3" in html
    assert shown_ids(html) == [threads[4].parent_id, threads[4].pk]
    assert "Page 3 of 3" in get(client, f"{article.get_absolute_url()}?sort=new&page=last")


def test_paging_is_above_and_below_the_comments(client, db, settings):
    settings.THREAD_PAGE_COMMENTS = 2
    article = make_article()
    for _ in range(3):
        make_comment(article, make_comment(article))
    html = get(client, f"{article.get_absolute_url()}?page=2")
    top, thread = html.index('aria-label="Comment pages, top"'), html.index('class="thread"')
    bottom = html.index('aria-label="Comment pages"')
    assert top < thread < bottom


def test_the_shared_copies_of_pages_keep_each_page_and_its_budget_apart(client, db, settings):
    settings.CACHE_DISCUSSIONS = True
    settings.THREAD_PAGE_COMMENTS = 2
    cache.clear()
    forget_local_copies()
    try:
        article = make_article()
        threads = [make_comment(article, make_comment(article)) for _ in range(3)]
        url = article.get_absolute_url()
        first, last = get(client, url), get(client, f"{url}?page=last")
        assert shown_ids(first) == [threads[0].parent_id, threads[0].pk]
        assert shown_ids(last) == [threads[2].parent_id, threads[2].pk]
        assert shown_ids(get(client, f"{url}?page=last")) == shown_ids(last)  # the copy, unchanged
        settings.THREAD_PAGE_COMMENTS = 200  # another budget is another page, not the old copy
        assert len(shown_ids(get(client, f"{url}?page=last"))) == 6
    finally:
        cache.clear()
        forget_local_copies()


@pytest.mark.parametrize(
    ("threads", "replies", "paged"),
    [
        (3, 1, False),  # six comments in three threads: exactly the budget and the threads a page holds
        (3, 2, True),  # nine comments: over the budget
        (4, 0, True),  # four comments: within the budget, one thread too many
        (0, 0, False),  # no comments at all
    ],
)
def test_a_discussion_is_read_whole_exactly_when_it_fits_one_page(client, db, settings, threads, replies, paged):
    settings.THREAD_PAGE_COMMENTS, settings.THREAD_PAGE_SIZE = 6, 3
    article = make_article()
    shown_in_order = []
    for _ in range(threads):
        root = make_comment(article)
        shown_in_order += [root.pk, *(make_comment(article, root).pk for _ in range(replies))]
    url = article.get_absolute_url()
    with CaptureQueriesContext(connection) as read:
        html = get(client, url)
    # The article (with its discussion's size) and the rows (none to read for no comments); a discussion of
    # several pages reads its top-level comments' sizes first, to split it.
    assert len(read) == (3 if paged else 2 if threads else 1)
    assert ("Page 1 of" in html) is paged
    if paged:
        pages = int(re.search(r"Page 1 of (\d+)", html)[1])
        shown = [pk for number in range(1, pages + 1) for pk in shown_ids(get(client, f"{url}?page={number}"))]
        assert shown == shown_in_order
    else:
        assert shown_ids(html) == shown_in_order
        assert ("No comments yet." in html) is (threads == 0)
