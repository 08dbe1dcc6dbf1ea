"""A moderator acts on a comment from the thread: each action's form page, its post, what it writes
(the same moderation log as admin), and the answer for the page's script."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, ModerationAction, ModerationReason, Report, Suspension
from comments.models.suspension import PERMANENT_UNTIL
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    article = make_article()
    author = make_user("writer")
    comment = make_comment(article, author=author, body="Words under review.")
    reply = make_comment(article, comment, author=make_user("replier"), body="A reply.")
    return article, author, comment, reply


@pytest.fixture
def moderator_client(client):
    moderator = make_moderator("maria")
    client.force_login(moderator)
    client.moderator = moderator
    return client


def url(name: str, comment) -> str:
    return reverse(f"comments:{name}", args=[comment.pk])


def test_the_preset_reasons_are_seeded_in_order():
    assert list(ModerationReason.objects.offered().values_list("text", flat=True)) == [
        "off-topic",
        "incivility",
        "spam",
        "hate",
        "personal information",
    ]


def test_the_hide_form_offers_the_active_presets_and_the_reader_checkbox(moderator_client, thread):
    _, _, comment, _ = thread
    ModerationReason.objects.filter(text="hate").update(active=False)
    page = moderator_client.get(url("hide", comment)).content.decode()
    assert '<option value="spam">spam</option>' in page
    assert '<option value="hate">' not in page
    assert "Show the reason to readers" in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_hiding_with_a_preset_shown_to_readers_logs_it_and_goes_back_to_the_comment(moderator_client, thread):
    _, _, comment, _ = thread
    Report.objects.create(comment=comment, reporter=make_user("reporter"), reason="spam")
    response = moderator_client.post(url("hide", comment), {"preset": "spam", "public": "on"})
    assert response.status_code == 302
    assert response["Location"] == f"/c/{comment.pk}/#c{comment.pk}"
    comment.refresh_from_db()
    assert (comment.state, comment.public_reason) == (Comment.State.HIDDEN, "spam")
    entry = ModerationAction.objects.get(action=ModerationAction.Kind.HIDE)
    assert (entry.moderator, entry.comment_id, entry.reason) == (moderator_client.moderator, comment.pk, "spam")
    assert not Report.objects.filter(comment=comment).open().exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Hid the comment. Resolved 1 report."]


def test_typed_words_win_over_the_preset_and_stay_in_the_log_only_unless_shown(moderator_client, thread):
    _, _, comment, _ = thread
    moderator_client.post(url("hide", comment), {"preset": "spam", "reason": "  doxxing a neighbour "})
    comment.refresh_from_db()
    assert (comment.state, comment.public_reason) == (Comment.State.HIDDEN, "")
    assert ModerationAction.objects.get().reason == "doxxing a neighbour"


def test_a_hide_without_a_reason_comes_back_with_the_form(moderator_client, thread):
    _, _, comment, _ = thread
    response = moderator_client.post(url("hide", comment), {"preset": "", "reason": "   "})
    assert response.status_code == 400
    assert "Choose a reason from the list or type one" in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_visible and not ModerationAction.objects.exists()


def test_a_public_reason_longer_than_the_placeholder_holds_is_refused_with_the_text_kept(moderator_client, thread):
    _, _, comment, _ = thread
    long_reason = "x" * 250
    response = moderator_client.post(url("hide", comment), {"reason": long_reason, "public": "on"})
    assert response.status_code == 400
    assert long_reason in response.content.decode()


def test_a_retired_preset_sent_anyway_is_refused_not_a_500(moderator_client, thread):
    _, _, comment, _ = thread
    ModerationReason.objects.filter(text="spam").update(active=False)
    response = moderator_client.post(url("hide", comment), {"preset": "spam"})
    assert response.status_code == 400


def test_unhiding_from_the_thread_shows_the_comment_again(moderator_client, thread):
    _, _, comment, _ = thread
    comment.hide(by=moderator_client.moderator, reason="spam")
    response = moderator_client.post(url("unhide", comment), {})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_visible
    assert ModerationAction.objects.filter(action=ModerationAction.Kind.UNHIDE).count() == 1


def test_the_page_s_script_gets_json_with_what_happened(moderator_client, thread):
    _, _, comment, _ = thread
    response = moderator_client.post(
        url("lock_replies", comment), {"preset": "off-topic"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": "Locked replies below the comment.",
        "location": f"/c/{comment.pk}/#c{comment.pk}",
    }


def test_locking_from_the_thread_shows_the_notice_and_removes_reply_links_below(moderator_client, thread, client):
    _, _, comment, reply = thread
    moderator_client.post(url("lock_replies", comment), {"reason": "going in circles"})
    moderator_client.logout()
    page = client.get(comment.get_permalink()).content.decode()
    assert "Replies locked by a moderator: going in circles" in page
    assert url("reply", comment) not in page and url("reply", reply) not in page
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.public_reason) == ("lock", "going in circles")


def test_unlocking_from_the_thread_brings_the_reply_links_back(moderator_client, thread):
    _, _, comment, reply = thread
    comment.lock_replies(by=moderator_client.moderator, reason="cool off")
    assert moderator_client.post(url("unlock_replies", comment), {}).status_code == 302
    page = moderator_client.get(comment.get_permalink()).content.decode()
    assert url("reply", reply) in page and "replies-locked" not in page


def test_the_public_log_lists_locks_and_unlocks(moderator_client, thread, client):
    _, _, comment, _ = thread
    moderator_client.post(url("lock_replies", comment), {"reason": "going in circles"})
    moderator_client.post(url("unlock_replies", comment), {"reason": "private note"})
    page = client.get(reverse("comments:moderation_log")).content.decode()
    assert "locked replies below a comment" in page and "going in circles" in page
    assert "unlocked replies below a comment" in page
    assert "private note" not in page


@pytest.mark.parametrize(("length", "days"), [("1d", 1), ("7d", 7), ("30d", 30), ("permanent", None)])
def test_suspending_the_author_with_each_preset_length(moderator_client, thread, length, days):
    _, author, comment, _ = thread
    response = moderator_client.post(
        url("suspend_author", comment), {"length": length, "preset": "spam", "note": "Ads in every thread."}
    )
    assert response.status_code == 302
    suspension = Suspension.active_for(author)
    assert suspension.reason == "spam. Ads in every thread."
    if days is None:
        assert suspension.until == PERMANENT_UNTIL and suspension.is_permanent
        assert "suspended permanently" in suspension.refusal
    else:
        assert abs((suspension.until - timezone.now()).total_seconds() - days * 86400) < 60
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.target_user_id) == (ModerationAction.Kind.SUSPEND, author.pk)


def test_a_moderator_cannot_suspend_staff_from_the_thread(moderator_client, thread):
    article, _, _, _ = thread
    staff_comment = make_comment(article, author=make_moderator("colleague"), body="staff words")
    assert "staff account" in moderator_client.get(url("suspend_author", staff_comment)).content.decode()
    response = moderator_client.post(url("suspend_author", staff_comment), {"length": "1d", "preset": "spam"})
    assert response.status_code == 403
    assert not Suspension.objects.exists()


def test_an_anonymous_comment_has_no_author_to_suspend(moderator_client, thread):
    article, _, _, _ = thread
    imported = make_comment(article, author_name="Imported", body="from the scrape")
    response = moderator_client.post(url("suspend_author", imported), {"length": "1d", "preset": "spam"})
    assert response.status_code == 403
    assert "no one to suspend" in response.content.decode()


def test_acting_twice_says_nothing_changed(moderator_client, thread):
    _, _, comment, _ = thread
    moderator_client.post(url("hide", comment), {"preset": "spam"})
    response = moderator_client.post(url("hide", comment), {"preset": "spam"}, follow=True)
    assert "The comment was not visible: nothing changed." in response.content.decode()
    assert ModerationAction.objects.count() == 1


def test_an_unknown_comment_is_a_404(moderator_client):
    assert moderator_client.get("/c/999999/hide/").status_code == 404


def test_below_a_locked_comment_there_is_nothing_more_to_lock(moderator_client, thread):
    article, _, comment, reply = thread
    comment.lock_replies(by=moderator_client.moderator, reason="cool off")
    page = moderator_client.get(article.get_absolute_url()).content.decode()
    assert url("unlock_replies", comment) in page
    assert url("lock_replies", reply) not in page and url("unlock_replies", reply) not in page


def test_a_moderator_is_offered_only_the_actions_their_permissions_allow(client, thread):
    from django.contrib.auth.models import Permission

    article, _, comment, reply = thread
    staff = make_user("partial", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_comment", content_type__app_label="comments"))
    client.force_login(staff)
    page = client.get(article.get_absolute_url()).content.decode()
    assert url("lock_replies", comment) in page  # change_comment is what locking needs
    assert url("hide", comment) not in page and url("suspend_author", comment) not in page
    assert client.post(url("hide", comment), {"preset": "spam"}).status_code == 403
    assert client.post(url("lock_replies", reply), {"reason": "enough"}).status_code == 302
