import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.builders import make_article, make_comment
from tests.html_checks import assert_valid_html, meta_description, text_of


def comment_ids(html: str) -> list[int]:
    return [int(match) for match in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]


def test_seed_article_shows_its_thirteen_comments_nested(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert comment_ids(html) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    # Concrete Mike's comment sits five lists deep, inside the exchange it answers.
    chunk = html[html.index('id="c7"') : html.index('id="c12"')]
    assert chunk.count('<ol class="replies') == 5
    assert "Good. Syria needs all the help they can get." in html
    assert "anonymous" in html


def test_seed_article_page_is_valid_html_with_its_own_title_and_description(client, seed_article):
    document = assert_valid_html(client.get(seed_article.get_absolute_url()).content.decode())
    title = text_of(next(document.iter("title")))
    assert title.startswith(seed_article.title)
    assert meta_description(document) == (seed_article.deck or seed_article.title)
    assert text_of(next(document.iter("h1"))) == seed_article.title
    assert "13 comments" in text_of(document.find(".//section[@id='discussion']/h2"))


def test_article_without_comments_says_so(client, db):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "No comments yet." in response.content.decode()
    assert_valid_html(response.content.decode())


def test_siblings_run_oldest_first_and_newest_first_on_request(client, db):
    article = make_article()
    first = make_comment(article, body="first")
    second = make_comment(article, body="second")
    early = make_comment(article, first, body="early")
    late = make_comment(article, first, body="late")
    oldest = comment_ids(client.get(article.get_absolute_url()).content.decode())
    newest = comment_ids(client.get(article.get_absolute_url() + "?sort=new").content.decode())
    assert oldest == [first.pk, early.pk, late.pk, second.pk]
    assert newest == [second.pk, first.pk, late.pk, early.pk]


def test_newest_first_applies_at_every_level(client, db):
    article = make_article()
    root = make_comment(article)
    older = make_comment(article, root)
    newer = make_comment(article, root)
    older_deep = make_comment(article, older)
    newer_deep = make_comment(article, older)
    html = client.get(article.get_absolute_url() + "?sort=new").content.decode()
    assert comment_ids(html) == [root.pk, newer.pk, older.pk, newer_deep.pk, older_deep.pk]
    assert '<strong aria-current="true">newest first</strong>' in html


def test_unknown_sort_reads_oldest_first(client, db):
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    html = client.get(article.get_absolute_url() + "?sort=<script>").content.decode()
    assert comment_ids(html) == [first.pk, second.pk]
    assert "<script>" not in html.split("<main", 1)[1]


def test_each_comment_folds_with_its_replies_and_counts_them(client, db):
    article = make_article()
    root = make_comment(article)
    reply = make_comment(article, root)
    make_comment(article, reply)
    make_comment(article, root)
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    item = document.find(f".//li[@id='c{root.pk}']")
    details = item.find("article/details")
    assert details.get("open") is not None, "threads start unfolded"
    summary = details.find("summary")
    assert text_of(summary.find(".//span[@class='folded-count']")) == "(3 more comments)"
    # The replies are inside the <details>, so folding the comment folds them too.
    assert details.find(f".//li[@id='c{reply.pk}']") is not None
    leaf = document.find(f".//li[@id='c{reply.pk}']//li[@class]")
    assert leaf.find("article/details/summary//span[@class='folded-count']") is None


def test_comment_shows_author_time_and_edited_mark(client, db):
    article = make_article()
    comment = make_comment(article, author_name="Ada")
    plain = make_comment(article)
    comment.edited = timezone.now()
    comment.save()
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    # The meta line is the comment's heading, inside its fold control.
    summary = document.find(f".//li[@id='c{comment.pk}']/article/details/summary/h3")
    assert text_of(summary.find("span[@class='author']")) == "Ada"
    time = summary.find("time")
    assert time.get("datetime") == comment.created.isoformat(timespec="seconds")
    assert time.get("title").endswith("UTC")
    assert text_of(time) == "just now"
    assert text_of(summary.find("span[@class='edited']")) == "edited"
    other = document.find(f".//li[@id='c{plain.pk}']/article/details/summary/h3")
    assert text_of(other.find("span[@class='author']")) == "anonymous"
    assert other.find("span[@class='edited']") is None


def test_links_in_comments_are_marked_as_user_content(client, db):
    article = make_article()
    make_comment(article, body="See https://example.org/page and <a href='javascript:alert(1)'>this</a>.")
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    links = document.findall(".//div[@class='comment-body']//a")
    assert [link.get("href") for link in links] == ["https://example.org/page"]
    assert links[0].get("rel") == "nofollow ugc noopener"
    assert "<a href='javascript" in text_of(document.find(".//div[@class='comment-body']"))


def test_replies_stop_indenting_after_a_few_levels(client, db):
    from comments.layout import INDENT_DEPTH

    article = make_article()
    chain = [make_comment(article)]
    for _ in range(INDENT_DEPTH + 2):
        chain.append(make_comment(article, chain[-1]))
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    classes = [document.find(f".//li[@id='c{c.pk}']/article/details/ol").get("class") for c in chain[:-1]]
    assert classes == ["replies"] * INDENT_DEPTH + ["replies flat"] * 2


def thread_queries(client, article, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url() + query).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_thread(client, settings):
    settings.THREAD_PAGE_SIZE = 10_000
    small, large = make_article(), make_article()
    for _ in range(10):
        make_comment(small)
    roots = [make_comment(large) for _ in range(500)]
    for root in roots:
        reply = make_comment(large, root)
        make_comment(large, reply)
        make_comment(large, root)
    assert large.comments.count() == 2000
    # Split into pages: the article, its top-level comments' sizes, then the page's rows.
    settings.THREAD_PAGE_COMMENTS = 5
    assert thread_queries(client, small) == thread_queries(client, large) == 3
    assert thread_queries(client, small, "?sort=new") == thread_queries(client, large, "?sort=new") == 3
    # On one page, as most discussions are: the article comes with its discussion's size, so nothing is read
    # to split it.
    settings.THREAD_PAGE_COMMENTS = 10_000
    assert thread_queries(client, small) == thread_queries(client, large) == 2
    assert thread_queries(client, small, "?sort=best") == thread_queries(client, large, "?sort=best") == 2


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_thread_for_a_signed_in_reader_or_moderator(client):
    from django.contrib.auth.models import Permission

    from tests.builders import make_user

    small, large = make_article(), make_article()
    reader = make_user()
    moderator = make_user(is_staff=True)
    moderator.user_permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="comments")
    )
    for article, size in ((small, 3), (large, 40)):
        for _ in range(size):
            make_comment(article, make_comment(article, author=reader), author=moderator)
    for user in (reader, moderator):
        client.force_login(user)
        assert thread_queries(client, small) == thread_queries(client, large), user
    # The reader's: session, user, the article (with their votes on it, whether they follow it, their previous
    # visit, their unread count and whether they are suspended) and the comment rows: the discussion fits
    # one page. (Their visit is written at most once a minute: the first view above.)
    client.force_login(reader)
    assert thread_queries(client, large) == 4


def test_unknown_article_is_a_friendly_404(client, db):
    response = client.get(reverse("forum:article_detail", kwargs={"slug": "no-such-article"}))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_article_not_yet_published_is_a_404(client, db):
    article = make_article(published=timezone.now() + timedelta(days=1))
    make_comment(article, body="an early comment")
    assert client.get(article.get_absolute_url()).status_code == 404
