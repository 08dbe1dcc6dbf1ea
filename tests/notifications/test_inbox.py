from datetime import timedelta

from django.urls import reverse

from comments.notifications.models import Notification
from tests.builders import make_article, make_user
from tests.html_checks import assert_valid_html


def _inbox(client) -> str:
    return client.get(reverse("notifications:inbox")).content.decode()


def test_the_inbox_lists_notices_newest_first_with_the_comment_start_and_a_link_to_it(client, post, alice, bob):
    parent = post(alice, "Question.", article=make_article(title="Rivers"))
    first = post(bob, "An older answer " + "long " * 40, parent=parent)
    second = post(bob, "A newer answer.", parent=parent)
    Notification.objects.filter(comment=first).update(created=first.created - timedelta(minutes=1))
    client.force_login(alice)
    page = _inbox(client)
    assert page.index("A newer answer.") < page.index("An older answer")
    assert first.excerpt in page and "long " * 40 not in page  # the start, not the whole comment
    assert f'href="{second.get_permalink()}#c{second.pk}"' in page
    assert "Rivers" in page


def test_the_header_shows_the_unread_count_and_reading_clears_it(client, post, alice, bob):
    parent = post(alice, "Question.", article=make_article())
    post(bob, "One.", parent=parent)
    post(bob, "Two.", parent=parent)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert 'class="unread-count">(2 unread)</span>' in page
    client.post(reverse("notifications:mark_all_read"))
    assert "unread-count" not in client.get("/").content.decode()


def test_one_notice_is_marked_read_and_unread_again(client, post, alice, bob):
    reply = post(bob, "Answer.", parent=post(alice, "Question.", article=make_article()))
    notice = Notification.objects.get(comment=reply)
    client.force_login(alice)
    client.post(reverse("notifications:mark", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.post(reverse("notifications:mark", args=[notice.pk]), {"unread": "1"})
    notice.refresh_from_db()
    assert notice.read_at is None


def test_another_readers_notice_cannot_be_marked(client, post, alice, bob):
    reply = post(bob, "Answer.", parent=post(alice, "Question.", article=make_article()))
    client.force_login(bob)
    notice = Notification.objects.get(comment=reply)
    assert client.post(reverse("notifications:mark", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_inbox_needs_a_log_in(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_inbox_is_valid_html_and_says_when_it_is_empty(client, alice):
    client.force_login(alice)
    page = _inbox(client)
    assert_valid_html(page)
    assert "Nothing yet" in page


def test_the_inbox_escapes_names_titles_and_text(client, post, alice):
    mallory = make_user("mallory")
    parent = post(alice, "Question.", article=make_article(title="<script>alert(1)</script>"))
    post(mallory, "<img src=x onerror=alert(2)>", parent=parent)
    client.force_login(alice)
    page = _inbox(client)
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_the_inbox_costs_the_same_queries_for_one_notice_or_thirty(client, post, alice, django_assert_max_num_queries):
    parent = post(alice, "Question.", article=make_article())
    for number in range(30):
        post(make_user(), f"Answer {number}.", parent=parent)
    client.force_login(alice)
    with django_assert_max_num_queries(8):  # session, user, unread count, page count, the page's notices
        _inbox(client)


def test_an_article_page_reads_the_unread_count_with_the_article_and_shows_the_same_count(client, post, alice, bob):
    article = make_article()
    parent = post(alice, "Question.", article=article)
    post(bob, "One.", parent=parent)
    removed = post(bob, "Two, soon removed.", parent=parent)
    post(make_user("carol"), "Three.", parent=parent)
    removed.hide(by=make_user("mod", is_staff=True), reason="spam")
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="unread-count">(2 unread)</span>' in page  # as the inbox counts: the removed one is gone
    Notification.objects.filter(recipient=alice).mark_read()
    assert "unread-count" not in client.get(article.get_absolute_url()).content.decode()
