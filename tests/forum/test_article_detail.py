import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from tests.builders import make_article, make_comment


def comment_ids(html: str) -> list[int]:
    return [int(match) for match in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]


def test_seed_article_shows_its_thirteen_comments_nested(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert comment_ids(html) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    # Concrete Mike's comment sits five lists deep, inside the exchange it answers.
    chunk = html[html.index('id="c7"') : html.index('id="c12"')]
    assert chunk.count('<ol class="replies">') == 5
    assert "Good. Syria needs all the help they can get." in html
    assert "anonymous" in html


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


def thread_queries(client, article) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
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
    assert thread_queries(client, small) == thread_queries(client, large)
    assert thread_queries(client, large) <= 6


def test_unknown_article_is_a_404(client, db):
    assert client.get(reverse("forum:article_detail", kwargs={"slug": "no-such-article"})).status_code == 404


def test_hidden_comment_keeps_its_replies_without_its_text(client, db):
    article = make_article()
    hidden = make_comment(article, body="something nasty", author_name="Troll")
    reply = make_comment(article, hidden, body="a calm reply")
    Comment.objects.filter(pk=hidden.pk).update(state=Comment.State.HIDDEN)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "[removed by a moderator]" in html
    assert "something nasty" not in html
    assert "Troll" not in html
    assert "a calm reply" in html
    assert comment_ids(html) == [hidden.pk, reply.pk]
