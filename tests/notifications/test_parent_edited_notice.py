from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from comments.notifications.models import Notification
from tests.builders import make_article, make_moderator


def test_repliers_are_told_when_the_comment_they_answered_is_edited(post, committed, alice, bob, carol):
    parent = post(alice, "The sky is green.", article=make_article())
    post(bob, "No, it is blue.", parent=parent)
    with committed():
        parent.edit(by=alice, body="The sky is blue.")
    notice = Notification.objects.get(recipient=bob, kind=Notification.Kind.PARENT_EDITED)
    assert notice.comment == parent
    assert not Notification.objects.filter(recipient=carol).exists()
    assert not Notification.objects.filter(recipient=alice, kind="parent_edited").exists()


def test_a_reply_written_after_the_edit_is_not_told(post, committed, alice, bob):
    parent = post(alice, "Original.", article=make_article())
    reply = post(bob, "Answer.", parent=parent)
    reply.__class__.objects.filter(pk=reply.pk).update(created=timezone.now() + timedelta(minutes=5))
    with committed():
        parent.edit(by=alice, body="Changed.")
    assert not Notification.objects.filter(kind="parent_edited").exists()


def test_a_second_edit_brings_the_notice_back_unread(client, post, committed, alice, bob):
    parent = post(alice, "One.", article=make_article())
    post(bob, "Reply.", parent=parent)
    with committed():
        parent.edit(by=alice, body="Two.")
    Notification.objects.filter(recipient=bob).mark_read()
    with committed():
        parent.edit(by=alice, body="Three.")
    notice = Notification.objects.get(recipient=bob, kind="parent_edited")
    assert notice.read_at is None


def test_a_moderator_replier_is_linked_to_the_history_and_a_reader_to_the_comment(client, post, committed, alice, bob):
    moderator = make_moderator("mod")
    parent = post(alice, "Original words.", article=make_article())
    post(bob, "Reader's reply.", parent=parent)
    post(moderator, "Moderator's reply.", parent=parent)
    with committed():
        parent.edit(by=alice, body="New words.")
    history = reverse("admin:comments_comment_change", args=[parent.pk])
    client.force_login(moderator)
    assert history in client.get(reverse("notifications:inbox")).content.decode()
    client.force_login(bob)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert history not in page
    assert f"{parent.get_permalink()}#c{parent.pk}" in page
    assert "edited a comment you replied to" in page


def test_the_editing_moderator_is_not_told_of_their_own_edit(post, committed, alice):
    moderator = make_moderator("mod")
    parent = post(alice, "Original words.", article=make_article())
    post(moderator, "Please rephrase.", parent=parent)
    with committed():
        parent.edit(by=moderator, body="Rephrased.", moderator=True, reason="asked")
    assert not Notification.objects.filter(recipient=moderator, kind="parent_edited").exists()
