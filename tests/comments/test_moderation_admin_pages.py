"""What a moderator sees first: the index's counts, the report queue's wording, the tree, a user's links."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    moderator = make_moderator(password=None)
    client.force_login(moderator)
    return moderator


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_index_shows_open_reports_comments_hidden_today_and_active_suspensions(client, moderator):
    article = make_article()
    reported = [make_comment(article), make_comment(article)]
    for comment in reported:
        comment.report(by=make_user(password=None), reason=Report.Reason.SPAM)
    own = make_comment(article, author=moderator)
    own.report(by=make_user(password=None), reason=Report.Reason.SPAM)  # left to another moderator
    make_comment(article).hide(by=moderator, reason="spam")
    yesterday = make_comment(article)
    yesterday.hide(by=moderator, reason="spam")
    ModerationAction.objects.filter(comment=yesterday).update(created=timezone.now() - timedelta(days=2))
    Suspension.suspend(make_user(password=None), until=timezone.now() + timedelta(days=1), reason="x", by=moderator)
    lifted = Suspension.suspend(
        make_user(password=None), until=timezone.now() + timedelta(days=1), reason="x", by=moderator
    )
    lifted.lift(by=moderator)
    page = text_of(client.get(reverse("admin:index")))
    assert "2 open reports" in page
    assert "1 comment hidden today" in page
    assert "1 active suspension" in page
    links = re.findall(
        r'<div class="module moderation-summary">.*?</div>', client.get("/admin/").content.decode(), re.S
    )
    for url in re.findall(r'href="([^"]+)"', links[0]):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_the_report_queue_has_a_plain_title_and_count(client, moderator):
    article = make_article()
    for comment in (make_comment(article), make_comment(article)):
        comment.report(by=make_user(password=None), reason=Report.Reason.SPAM)
    page = text_of(client.get(reverse("admin:comments_reportedcomment_changelist")))
    assert "Report queue" in page
    assert "Select reported comment to change" not in page
    assert "2 comments reported" in page and "2 report queue" not in page


def test_thread_order_indents_each_reply_under_its_parent(client, moderator):
    article = make_article()
    top = make_comment(article, body="the top comment")
    reply = make_comment(article, top, body="a reply to it")
    make_comment(article, reply, body="a reply to the reply")
    thread_order = ["action_checkbox", *admin.site._registry[Comment].list_display].index("thread_column")
    page = client.get(reverse("admin:comments_comment_changelist"), {"o": thread_order}).content.decode()
    assert '<span class="thread-depth-0">the top comment</span>' in page
    assert '<span class="thread-depth-1">↳ a reply to it</span>' in page
    assert '<span class="thread-depth-2">↳ a reply to the reply</span>' in page
    assert "thread-depth" not in client.get(reverse("admin:comments_comment_changelist")).content.decode()


def test_a_users_page_links_to_their_comments_and_their_moderation_history(client, moderator):
    article = make_article()
    writer, other = make_user("writer", password=None), make_user("other", password=None)
    theirs = make_comment(article, author=writer, body="written by writer")
    make_comment(article, author=other, body="written by other")
    theirs.hide(by=moderator, reason="rude")
    make_comment(article, author=other).hide(by=moderator, reason="spam")
    page = client.get(reverse("admin:auth_user_change", args=[writer.pk])).content.decode()
    comments_url, history_url = (
        re.search(r'href="([^"]*/comments/comment/\?author=\d+)"', page).group(1),
        re.search(r'href="([^"]*/comments/moderationaction/\?target_user=\d+)"', page).group(1),
    )
    listed = client.get(comments_url).context["cl"].result_list
    assert [comment.pk for comment in listed] == [theirs.pk]
    history = client.get(history_url).context["cl"].result_list
    assert [(entry.action, entry.comment_id) for entry in history] == [("hide", theirs.pk)]
    assert "writer" in text_of(client.get(comments_url))  # the chosen author shows in the sidebar


def test_a_superusers_view_of_a_user_has_the_same_links(client):
    client.force_login(make_user(password=None, is_staff=True, is_superuser=True))
    writer = make_user(password=None)
    page = client.get(reverse("admin:auth_user_change", args=[writer.pk])).content.decode()
    assert f"?author={writer.pk}" in page and f"?target_user={writer.pk}" in page
