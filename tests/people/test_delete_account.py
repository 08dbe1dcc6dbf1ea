"""Delete my account: confirmed with the password, anonymised in one go, comments kept in place or emptied."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationAction, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def carol(db):
    user = make_user("carol_personal", email="carol@example.com", first_name="Carol", last_name="Private")
    AccessLog.objects.create(
        username="carol_personal", ip_address="203.0.113.9", user_agent="x", attempt_time=timezone.now()
    )
    AccessAttempt.objects.create(
        username="carol_personal",
        ip_address="203.0.113.9",
        user_agent="x",
        attempt_time=timezone.now(),
        failures_since_start=1,
    )
    return user


def delete(client, user, **fields):
    client.force_login(user)
    return client.post(reverse("people:delete"), {"password": PASSWORD, "comments": "keep", **fields})


def test_a_wrong_password_deletes_nothing(client, carol):
    response = delete(client, carol, password="wrong")
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    carol.refresh_from_db()
    assert carol.is_active and carol.username == "carol_personal"


def test_no_personal_field_survives(client, carol):
    article = make_article()
    moderator = make_moderator()
    comment = make_comment(article, body="my opinion", author=carol)
    reply = make_comment(article, comment, body="a reply to carol")
    hidden = make_comment(article, body="rude words", author=carol)
    hidden.hide(by=moderator, reason="rude")
    Suspension.suspend(carol, until=timezone.now() + timedelta(days=1), reason="spam", by=moderator)
    other_session = Client()
    other_session.force_login(carol)

    response = delete(client, carol)
    assert response.status_code == 302

    carol.refresh_from_db()
    assert not carol.is_active and not carol.has_usable_password()
    assert carol.username.startswith("deleted-")
    assert (carol.email, carol.first_name, carol.last_name) == ("", "", "")
    everything = [
        *get_user_model().objects.values_list("username", "email", "first_name", "last_name"),
        *Comment.objects.values_list("author_name", "body"),
        *ModerationAction.objects.values_list("target_repr", "reason"),
        *AccessLog.objects.values_list("username", "ip_address"),
        *AccessAttempt.objects.values_list("username", "ip_address"),
    ]
    text = repr(everything)
    for personal in ("carol_personal", "carol@example.com", "Carol", "Private", "203.0.113.9"):
        assert personal not in text, personal
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(carol.pk)
    # The comments keep their place; the moderation records still point at the same, now nameless, account.
    comment.refresh_from_db()
    assert comment.body == "my opinion" and comment.display_name == "[deleted account]" and comment.author_url is None
    assert Comment.objects.get(pk=reply.pk).parent_id == comment.pk
    assert ModerationAction.objects.filter(target_user=carol).count() == 2
    assert other_session.get(reverse("people:account")).status_code == 302


def test_emptied_comments_become_author_deletions_and_lose_their_history(client, carol):
    article = make_article()
    comment = make_comment(article, body="first", author=carol)
    comment.edit(by=carol, body="second")
    reply = make_comment(article, comment, body="the reply stays")
    delete(client, carol, comments="empty")
    comment.refresh_from_db()
    assert comment.state == Comment.State.DELETED and comment.body == "" and not comment.revisions.exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "the reply stays" in page and "second" not in page
    assert Comment.objects.get(pk=reply.pk).is_visible


def test_the_page_and_search_no_longer_show_the_name(client, carol):
    article = make_article()
    make_comment(article, body="searchable otter", author=carol)
    delete(client, carol)
    assert client.get("/u/carol_personal/").status_code == 404
    page = client.get(article.get_absolute_url()).content.decode()
    assert "carol_personal" not in page and "[deleted account]" in page


def test_deletion_is_written_to_the_audit_log_without_the_name(
    client, carol, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.INFO, logger="forum.audit"), django_capture_on_commit_callbacks(execute=True):
        delete(client, carol)
    [record] = [r for r in caplog.records if getattr(r, "event", "") == "account_deleted"]
    assert record.user_id == carol.pk
    assert "carol_personal" not in record.getMessage()


def test_the_old_name_can_be_taken_again(client, carol):
    delete(client, carol)
    assert make_user("carol_personal").is_active


def test_when_the_account_read_each_article_goes(client, carol):
    from comments.models import ArticleVisit

    article = make_article()
    ArticleVisit.objects.create(user=carol, article=article, seen_at=timezone.now())
    delete(client, carol)
    assert not ArticleVisit.objects.filter(user=carol).exists()
