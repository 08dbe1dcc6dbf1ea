"""A comment's own page (/c/<id>/), where a thread continues: the comment in view and marked, its
ancestors folded to one line each above it, its replies held to the page budget, and a link back to
the place of the whole discussion that shows it. And every comment's link lands where it is shown."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.builders import make_article, make_big_thread, make_comment, make_moderator
from tests.html_checks import assert_valid_html, text_of

THREAD_ITEM = re.compile(r'<li class="comment[^"]*" id="c(\d+)"')


def shown_ids(html: str) -> list[int]:
    return [int(pk) for pk in THREAD_ITEM.findall(html)]


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_ancestors_are_folded_to_one_line_each_with_the_start_of_their_text(client, db):
    article = make_article()
    root = make_comment(article, author_name="Ann", body="The *opening* remark, " + "long words " * 30)
    middle = make_comment(article, root, author_name="Ben", body="A middle reply <b>with</b> & signs.")
    focal = make_comment(article, middle, author_name="Cy", body="The comment asked for.")
    document = assert_valid_html(get(client, focal.get_permalink()))
    ancestors = document.findall(".//ol[@class='ancestors']/li")
    assert [item.get("id") for item in ancestors] == [f"c{root.pk}", f"c{middle.pk}"]
    for item, name in zip(ancestors, ("Ann", "Ben"), strict=True):
        fold = item.find("./details[@class='ancestor-fold']")
        assert fold.get("open") is None  # folded: one line until opened
        assert text_of(fold.find("./summary/span[@class='author']")) == name
        link = item.find("./a[@class='ancestor-link']")
        pk = item.get("id")[1:]
        assert link.get("href") == f"/c/{pk}/#c{pk}"
    first, second = (text_of(item.find(".//span[@class='ancestor-excerpt']")) for item in ancestors)
    assert first.startswith("The opening remark, long words") and first.endswith("…") and len(first) <= 90
    assert second == "A middle reply <b>with</b> & signs."  # the typed text, escaped once
    # Opened, each shows the whole comment.
    assert "long words " * 29 in text_of(ancestors[0].find("./details/div[@class='comment-body']"))


def test_a_removed_ancestors_line_shows_its_placeholder_not_its_text(client, db):
    article = make_article()
    root = make_comment(article, body="words nobody may read")
    root.hide(by=make_moderator(), reason="rude")
    reply = make_comment(article, root)
    document = assert_valid_html(get(client, reply.get_permalink()))
    excerpt = text_of(document.find(".//span[@class='ancestor-excerpt']"))
    assert excerpt == "[removed by a moderator]"
    assert "words nobody may read" not in get(client, reply.get_permalink())


def test_the_comment_is_first_in_its_section_and_marked_for_the_eye(client, db):
    article = make_article()
    focal = make_comment(article, make_comment(article))
    make_comment(article, focal)
    document = assert_valid_html(get(client, focal.get_permalink()))
    first = document.find(".//section[@aria-labelledby='focal-heading']/ol[@class='thread']/li")
    assert first.get("id") == f"c{focal.pk}"
    assert "depth-0" in first.get("class")  # static/css/forum.css marks the first comment of the section


@pytest.fixture
def big(db):
    article = make_article()
    small = [make_comment(article) for _ in range(2)]
    root = make_big_thread(article, 2_000, chain=12)
    return article, root, small


def test_every_comments_link_lands_on_a_page_that_shows_it(client, big):
    article, _, small = big
    comments = list(article.comments.order_by("tree_id", "lft"))
    sample = comments[::37] + comments[195:205] + comments[-14:] + small
    for sort in ("old", "new", "best"):
        for comment in sample:
            url = comment.get_absolute_url(sort)
            path, _, anchor = url.partition("#")
            assert anchor == f"c{comment.pk}", url
            assert comment.pk in shown_ids(get(client, path)), url


def test_a_comment_past_a_cut_has_its_own_page_and_a_way_back_to_the_discussion(client, big):
    article, root, _ = big
    page = get(client, f"{article.get_absolute_url()}?page=2")
    shown = set(shown_ids(page))
    in_thread = article.comments.filter(tree_id=root.tree_id, level__lte=3)
    cut_away = in_thread.exclude(pk__in=shown).order_by("lft").first()
    url = cut_away.get_absolute_url()
    assert url == f"{cut_away.get_permalink()}#c{cut_away.pk}"
    document = assert_valid_html(get(client, cut_away.get_permalink()))
    back = document.find(".//nav[@class='breadcrumb']/a")
    assert text_of(back) == "← The whole discussion at this comment"
    path, _, anchor = back.get("href").partition("#")
    assert path == f"{article.get_absolute_url()}?page=2"
    # The nearest ancestor the discussion's page shows.
    ancestors = list(cut_away.get_ancestors().values_list("pk", flat=True))
    assert int(anchor[1:]) == [pk for pk in ancestors if pk in shown][-1]


@pytest.mark.parametrize("after", ["abc", "-1", "0", "9" * 40, "1.5", ""])
def test_a_bad_after_shows_the_thread_from_its_start(client, db, after):
    article = make_article()
    root = make_comment(article)
    replies = [make_comment(article, root) for _ in range(3)]
    html = get(client, f"{root.get_permalink()}?after={after}")
    assert shown_ids(html) == [root.pk, *(reply.pk for reply in replies)]


def test_after_continues_past_that_reply_in_the_pages_order(client, db):
    article = make_article()
    root = make_comment(article)
    replies = [make_comment(article, root) for _ in range(4)]
    make_comment(article, replies[1])
    html = get(client, f"{root.get_permalink()}?after={replies[1].pk}")
    assert shown_ids(html) == [root.pk, replies[2].pk, replies[3].pk]
    assert "Continued: the replies after those shown before." in html
    newest = get(client, f"{root.get_permalink()}?after={replies[2].pk}&sort=new")
    assert shown_ids(newest) == [root.pk, replies[1].pk, Comment.objects.get(parent=replies[1]).pk, replies[0].pk]


def test_a_comments_page_takes_the_same_queries_however_many_replies(client, db):
    small, large = make_article(), make_article()
    roots = [make_big_thread(small, 300), make_big_thread(large, 2_000)]

    def queries(url) -> int:
        get(client, url)  # renders and stores the pieces the bulk insert left out
        with CaptureQueriesContext(connection) as captured:
            html = get(client, url)
        assert len(shown_ids(html)) <= 200
        return len(captured)

    # The comment, its replies' skeleton, their rows, the article's top-level threads (no ancestors).
    assert queries(roots[0].get_permalink()) == queries(roots[1].get_permalink()) == 4
    deep = [Comment.objects.filter(tree_id=root.tree_id, level=3).first() for root in roots]
    # With its ancestors, and (past the cut) the thread's skeleton to find where the discussion shows it.
    assert queries(deep[0].get_permalink()) == queries(deep[1].get_permalink())
