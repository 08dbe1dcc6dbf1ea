"""A logged-in reader reports a comment once, with a reason; suspended readers are told why they cannot."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Report, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment():
    return make_comment(make_article(), body="Buy cheap watches", author=make_user(password=None))


def url(comment) -> str:
    return reverse("comments:report", args=[comment.pk])


def test_anonymous_readers_are_asked_to_log_in(client, comment):
    response = client.post(url(comment), {"reason": "spam"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Report.objects.exists()


def test_a_reader_reports_a_comment_with_a_reason(client, comment):
    reader = make_user(password=None)
    client.force_login(reader)
    page = client.get(url(comment))
    assert page.status_code == 200
    assert "Buy cheap watches" in page.content.decode()
    response = client.post(url(comment), {"reason": "spam", "details": "  a link farm  "})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.comment, report.reporter, report.reason, report.details, report.status) == (
        comment,
        reader,
        "spam",
        "a link farm",
        "open",
    )
    followed = client.get(response["Location"])
    assert "the moderators will look at this comment" in followed.content.decode()


def test_a_reader_reports_a_comment_only_once(client, comment):
    client.force_login(make_user(password=None))
    client.post(url(comment), {"reason": "spam"})
    response = client.post(url(comment), {"reason": "abuse"}, follow=True)
    assert "already reported this comment" in response.content.decode()
    assert Report.objects.get().reason == "spam"


def test_other_needs_a_few_words_and_the_form_keeps_what_was_typed(client, comment):
    client.force_login(make_user(password=None))
    response = client.post(url(comment), {"reason": "other", "details": ""})
    assert response.status_code == 400
    assert "needs a few words" in response.content.decode()
    response = client.post(url(comment), {"reason": "", "details": "I typed this"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a reason" in page and "I typed this" in page
    response = client.post(url(comment), {"reason": "other", "details": "bad\x00byte"})
    assert response.status_code == 400
    response = client.post(url(comment), {"reason": "nonsense"})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_an_author_cannot_report_their_own_comment(client, comment):
    client.force_login(comment.author)
    response = client.post(url(comment), {"reason": "spam"})
    assert response.status_code == 403
    assert "your own comment" in response.content.decode()
    assert not Report.objects.exists()


def test_a_removed_comment_cannot_be_reported(client, comment):
    comment.hide(by=make_moderator(password=None), reason="spam")
    client.force_login(make_user(password=None))
    response = client.post(url(comment), {"reason": "spam"})
    assert response.status_code == 403
    assert "already been removed" in response.content.decode()
    assert "Buy cheap watches" not in response.content.decode()
    assert not Report.objects.exists()


def test_a_suspended_reader_is_told_why_and_until_when(client, comment):
    reader = make_user(password=None)
    until = timezone.now() + timedelta(days=2)
    Suspension.suspend(reader, until=until, reason="flooding the reports", by=make_moderator(password=None))
    client.force_login(reader)
    response = client.post(url(comment), {"reason": "spam"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "flooding the reports" in page
    assert until.strftime("%Y") in page and until.strftime("%B") in page
    assert not Report.objects.exists()


def test_a_report_needs_a_post_with_a_csrf_token(comment):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(password=None))
    assert client.post(url(comment), {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()


def test_a_report_is_only_a_get_or_a_post(client, comment):
    client.force_login(make_user(password=None))
    assert client.put(url(comment)).status_code == 405
    assert client.delete(url(comment)).status_code == 405


def test_the_report_link_shows_to_readers_on_other_peoples_visible_comments(client, comment):
    hidden = make_comment(comment.article, body="hidden one")
    hidden.hide(by=make_moderator(password=None), reason="x")
    article_url = comment.article.get_absolute_url()
    assert url(comment) not in client.get(article_url).content.decode()
    client.force_login(comment.author)
    assert url(comment) not in client.get(article_url).content.decode()
    client.force_login(make_user(password=None))
    page = client.get(article_url).content.decode()
    assert url(comment) in page
    assert url(Comment.objects.get(pk=hidden.pk)) not in page


def test_an_unknown_comment_is_a_404(client):
    client.force_login(make_user(password=None))
    assert client.get(reverse("comments:report", args=[999999])).status_code == 404
