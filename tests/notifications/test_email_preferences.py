from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.notifications.delivery import deliver
from comments.notifications.emails import unsubscribe_token
from comments.notifications.fanout import notify_new_comment
from comments.notifications.models import EmailPreference, OutboundEmail
from tests.builders import make_article, make_moderator, make_user


def _reader(name: str, mode: str | None = None):
    user = make_user(name, email=f"{name}@example.org")
    if mode:
        EmailPreference.choose(user, mode)
    return user


def test_no_email_is_sent_unless_the_reader_asks_for_it(post, bob):
    alice = _reader("alice")
    post(bob, "Answer.", parent=post(alice, "Question.", article=make_article()))
    assert mail.outbox == []


def test_at_once_sends_one_email_per_reply_with_an_unsubscribe_link_and_header(post, bob):
    alice = _reader("alice", EmailPreference.Mode.IMMEDIATE)
    reply = post(bob, "Here is my answer.", parent=post(alice, "Question.", article=make_article(title="Tides")))
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "bob replied to you on Tides"
    assert "Here is my answer." in message.body and f"{reply.get_permalink()}#c{reply.pk}" in message.body
    unsubscribe_url = reverse("notifications:unsubscribe", args=[unsubscribe_token(alice.pk)])
    assert unsubscribe_url in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe_url}>")


def test_mentions_are_emailed_and_followed_article_notices_are_not(post, bob):
    alice = _reader("alice", EmailPreference.Mode.IMMEDIATE)
    article = make_article()
    post(alice, "My own thread.", article=article)  # alice now follows the article
    post(bob, "A thread of mine, nothing to do with alice.", article=article)
    assert mail.outbox == []
    post(bob, "What does @alice think?", article=article)
    assert [message.subject for message in mail.outbox] == [f"bob mentioned you on {article.title}"]


def test_a_daily_digest_gathers_the_days_replies_and_mentions_once(post, committed, bob):
    alice = _reader("alice", EmailPreference.Mode.DAILY)
    article = make_article()
    parent = post(alice, "Question.", article=article)
    post(bob, "First answer.", parent=parent)
    post(bob, "And @alice, another point.", article=article)
    assert mail.outbox == []
    with committed():
        call_command("send_digests", verbosity=0)
    [digest] = mail.outbox
    assert "First answer." in digest.body and "another point" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    with committed():
        call_command("send_digests", verbosity=0)
    assert len(mail.outbox) == 1


def test_choosing_email_needs_an_address(client, alice):
    client.force_login(alice)  # alice has no email address
    response = client.post(reverse("notifications:settings"), {"mode": "immediate"})
    assert response.status_code == 400
    assert EmailPreference.mode_for(alice) == EmailPreference.Mode.NEVER


def test_the_settings_page_saves_the_choice(client, db):
    alice = _reader("alice")
    client.force_login(alice)
    assert client.post(reverse("notifications:settings"), {"mode": "daily"}).status_code == 302
    assert EmailPreference.mode_for(alice) == EmailPreference.Mode.DAILY


def test_unsubscribing_needs_no_log_in_and_a_get_changes_nothing(db):
    alice = _reader("alice", EmailPreference.Mode.IMMEDIATE)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(alice.pk)])
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get(url)
    assert page.status_code == 200 and b"Stop the emails" in page.content
    assert EmailPreference.mode_for(alice) == EmailPreference.Mode.IMMEDIATE
    assert anonymous.post(url).status_code == 403  # the form's CSRF token is needed, as everywhere
    token = anonymous.cookies["csrftoken"].value
    response = anonymous.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and b"no more notification email" in response.content
    assert EmailPreference.mode_for(alice) == EmailPreference.Mode.NEVER


def test_an_altered_unsubscribe_token_is_refused(client, db):
    alice, bob = _reader("alice", EmailPreference.Mode.IMMEDIATE), _reader("bob", EmailPreference.Mode.IMMEDIATE)
    token = unsubscribe_token(alice.pk)
    forged = unsubscribe_token(bob.pk).split(":")[0] + ":" + token.split(":")[1]  # bob's id, alice's signature
    for bad in (forged, "nonsense", token[:-2]):
        assert client.post(reverse("notifications:unsubscribe", args=[bad])).status_code == 404
    assert EmailPreference.mode_for(bob) == EmailPreference.Mode.IMMEDIATE


def test_an_email_whose_comment_was_removed_before_sending_is_dropped(post, bob, django_capture_on_commit_callbacks):
    alice = _reader("alice", EmailPreference.Mode.IMMEDIATE)
    parent = post(alice, "Question.", article=make_article())

    reply = Comment.objects.reply(parent, author=bob, body="Something rude.")
    with django_capture_on_commit_callbacks(execute=False):  # queue the email, keep it from the worker
        notify_new_comment(reply.pk)
    reply.hide(by=make_moderator("mod"), reason="rude")
    email = OutboundEmail.objects.get()
    assert deliver(email.pk) == "dropped"
    assert mail.outbox == []


def test_the_settings_and_unsubscribe_pages_are_valid_html(client, db):
    from tests.html_checks import assert_valid_html

    alice = _reader("alice")
    assert_valid_html(
        client.get(reverse("notifications:unsubscribe", args=[unsubscribe_token(alice.pk)])).content.decode()
    )
    client.force_login(alice)
    assert_valid_html(client.get(reverse("notifications:settings")).content.decode())
