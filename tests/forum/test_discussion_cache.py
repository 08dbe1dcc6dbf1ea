"""The cached article page: shared by anonymous readers, fresh after every write, never per-user."""

import pytest
from django.contrib.messages import INFO
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from forum.pages.page_cache import forget_local_copies
from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture(autouse=True)
def discussion_cache(settings):
    settings.CACHE_DISCUSSIONS = True
    cache.clear()
    forget_local_copies()
    yield
    cache.clear()
    forget_local_copies()


@pytest.fixture
def article(db):
    return make_article()


@pytest.fixture
def write(django_capture_on_commit_callbacks):
    """Writes as in production: the discussion version moves when their transaction commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_anonymous_reader_gets_the_stored_page_without_the_thread_query(client, article, write):
    with write():
        make_comment(article, body="First!")
    first = page(client, article)
    with CaptureQueriesContext(connection) as queries:
        second = page(client, article)
    assert "First!" in first and "First!" in second
    assert not any('"comments_comment"."body_html"' in query["sql"] for query in queries)


def test_repairing_a_tree_moves_the_version(client, article, write):
    from comments.integrity import repair_tree

    with write():
        comment = make_comment(article, body="as posted")
    page(client, article)
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>seen after the repair</p>")
    with write():
        repair_tree(comment.tree_id)
    assert "seen after the repair" in page(client, article)


def test_a_change_made_without_a_version_bump_stays_unseen(client, article, write):
    # Proof that the page really is served from the cache: only a bumped version shows a change.
    with write():
        comment = make_comment(article, body="as posted")
    page(client, article)
    # The page prints each comment's stored piece: change it behind the cache's back.
    Comment.objects.filter(pk=comment.pk).update(piece_html="<p>changed behind the cache</p>")
    assert "changed behind the cache" not in page(client, article)


def test_a_new_reply_shows_on_the_next_request(client, article, write):
    with write():
        parent = make_comment(article, body="Question?")
    assert "Answer." not in page(client, article)
    with write():
        make_comment(article, parent, body="Answer.")
    assert "Answer." in page(client, article)


def test_an_edit_shows_on_the_next_request(client, article, write):
    author = make_user()
    with write():
        comment = make_comment(article, body="Teh first version.", author=author)
    assert "Teh first version." in page(client, article)
    with write():
        comment.edit(by=author, body="The second version.")
    html = page(client, article)
    assert "The second version." in html
    assert "Teh first version." not in html


def test_hiding_and_unhiding_show_on_the_next_request(client, article, write):
    moderator = make_moderator()
    with write():
        comment = make_comment(article, body="Something rude.")
    assert "Something rude." in page(client, article)
    with write():
        comment.hide(by=moderator, reason="rude")
    html = page(client, article)
    assert "Something rude." not in html
    assert "[removed by a moderator" in html
    with write():
        comment.unhide(by=moderator)
    assert "Something rude." in page(client, article)


def test_closing_comments_removes_the_reply_links_at_once(client, article, write):
    with write():
        comment = make_comment(article)
    assert comment.get_reply_url() in page(client, article)
    with write():
        article.close_comments(by=make_moderator())
    assert comment.get_reply_url() not in page(client, article)


def test_a_signed_in_author_sees_their_own_edit_and_delete_links(client, article, write):
    author = make_user()
    with write():
        own = make_comment(article, author=author, body="mine")
        make_comment(article, body="someone else's")
    anonymous = page(client, article)  # fills the cache with the anonymous rendering
    assert f"/c/{own.pk}/edit/" not in anonymous
    client.force_login(author)
    html = page(client, article)
    assert f"/c/{own.pk}/edit/" in html
    assert f"/c/{own.pk}/delete/" in html


def test_a_moderator_sees_hidden_text_and_moderation_links(client, article, write):
    moderator = make_moderator()
    with write():
        comment = make_comment(article, body="Hidden words.")
        comment.hide(by=moderator, reason="spam")
    assert "Hidden words." not in page(client, article)
    client.force_login(moderator)
    html = page(client, article)
    assert "Hidden words." in html
    assert "moderate-link" in html


def test_anonymous_readers_never_get_a_signed_in_rendering(client, article, write):
    author = make_user()
    with write():
        own = make_comment(article, author=author)
    client.force_login(author)
    assert f"/c/{own.pk}/edit/" in page(client, article)
    client.logout()
    assert f"/c/{own.pk}/edit/" not in page(client, article)


def test_each_sort_and_page_has_its_own_copy(client, article, settings, write):
    settings.THREAD_PAGE_SIZE = 1
    with write():
        older = make_comment(article, body="the older thread")
        newer = make_comment(article, body="the newer thread")
    assert "the older thread" in page(client, article)
    assert "the newer thread" in client.get(article.get_absolute_url() + "?page=2").content.decode()
    newest_first = client.get(article.get_absolute_url() + "?sort=new").content.decode()
    assert f'id="c{newer.pk}"' in newest_first
    assert f'id="c{older.pk}"' not in newest_first


def test_without_the_setting_every_request_renders_afresh(client, article, settings, write):
    settings.CACHE_DISCUSSIONS = False
    with write():
        comment = make_comment(article, body="as posted")
    page(client, article)
    Comment.objects.filter(pk=comment.pk).update(piece_html="<p>changed directly</p>")
    assert "changed directly" in page(client, article)


def test_a_shared_page_costs_no_query(client, article, write):
    with write():
        make_comment(article, body="First!")
    page(client, article)
    with CaptureQueriesContext(connection) as queries:
        assert "First!" in page(client, article)
    assert len(queries) == 0  # the article's id was looked up by the first request; the page is a copy


def test_unknown_article_is_still_a_404(client, db):
    assert client.get("/a/no-such-article/").status_code == 404


def test_another_parameter_gets_its_own_rendering_with_its_own_links(client, article, write):
    with write():
        make_comment(article)
    page(client, article)
    html = client.get(article.get_absolute_url() + "?from=newsletter").content.decode()
    assert "from%3Dnewsletter" in html  # "Log in" returns to the address as it was asked for


def test_a_message_waiting_for_a_reader_is_shown_to_them_alone(client, article, write):
    with write():
        make_comment(article)
    page(client, article)  # the shared copy, with no message in it
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode([Message(INFO, "You have been logged out.")])
    assert "You have been logged out." in page(client, article)
    del client.cookies[storage.cookie_name]
    assert "You have been logged out." not in page(client, article)


def test_an_edited_article_shows_on_the_next_request(client, article, write):
    page(client, article)
    with write():
        article.title = "A better title"
        article.save()
    assert "A better title" in page(client, article)


def test_a_deleted_article_is_gone_on_the_next_request(client, article, write):
    url = article.get_absolute_url()
    page(client, article)
    with write():
        article.delete()
    assert client.get(url).status_code == 404


def test_a_slug_given_to_another_article_shows_that_article(client, article, write):
    slug = article.slug
    page(client, article)
    with write():
        article.delete()
        successor = make_article(title="The successor", slug=slug)
    assert "The successor" in page(client, successor)
