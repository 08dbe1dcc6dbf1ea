from django.urls import reverse

from comments.notifications.models import Notification, ThreadMute, UserMute
from tests.builders import make_article, make_moderator


def test_a_muted_reader_notifies_nobody_who_muted_them_but_their_comments_stay_visible(client, post, alice, bob):
    article = make_article()
    parent = post(alice, "Question.", article=article)
    client.force_login(alice)
    client.post(reverse("notifications:mute_user", args=[bob.pk]))
    assert UserMute.objects.filter(user=alice, muted=bob).exists()
    reply = post(bob, "Answer @alice.", parent=parent)
    assert not Notification.objects.filter(recipient=alice).exists()
    assert reply.body_html in client.get(article.get_absolute_url()).content.decode()


def test_a_muted_thread_notifies_nothing_below_the_comment(client, post, alice, bob, carol):
    article = make_article()
    root = post(alice, "Top.", article=article)
    branch = post(bob, "Branch.", parent=root)
    client.force_login(alice)
    assert client.post(reverse("notifications:mute_thread", args=[branch.pk])).status_code == 302
    post(carol, "Deep in the branch, @alice.", parent=branch)
    assert not Notification.objects.filter(recipient=alice, comment__parent=branch).exists()
    elsewhere = post(carol, "Beside the branch.", parent=root)
    assert Notification.objects.filter(recipient=alice, comment=elsewhere).exists()


def test_unmuting_a_thread_lets_it_notify_again(client, post, alice, bob):
    root = post(alice, "Top.", article=make_article())
    client.force_login(alice)
    client.post(reverse("notifications:mute_thread", args=[root.pk]))
    client.post(reverse("notifications:mute_thread", args=[root.pk]), {"unmute": "1"})
    assert not ThreadMute.objects.exists()
    post(bob, "Reply.", parent=root)
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_the_comment_page_offers_to_mute_its_thread(client, post, alice):
    root = post(alice, "Top.", article=make_article())
    client.force_login(alice)
    assert b"Mute the thread below this comment" in client.get(root.get_permalink()).content


def test_muting_yourself_is_refused(client, alice):
    client.force_login(alice)
    assert client.post(reverse("notifications:mute_user", args=[alice.pk])).status_code == 400
    assert not UserMute.objects.exists()


def test_a_notice_disappears_when_its_comment_is_hidden_and_returns_if_shown_again(client, post, alice, bob):
    reply = post(bob, "Rude words.", parent=post(alice, "Question.", article=make_article()))
    moderator = make_moderator("mod")
    reply.hide(by=moderator, reason="rude")
    client.force_login(alice)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Rude words" not in page
    assert "unread-count" not in page  # no unread count for a removed comment
    reply.unhide(by=moderator)
    assert "Rude words" in client.get(reverse("notifications:inbox")).content.decode()


def test_a_notice_disappears_when_its_comment_is_deleted_by_its_author(client, post, alice, bob):
    reply = post(bob, "Second thoughts.", parent=post(alice, "Question.", article=make_article()))
    reply.delete_by_author(by=bob)
    client.force_login(alice)
    assert "Second thoughts" not in client.get(reverse("notifications:inbox")).content.decode()


def test_a_comment_removed_before_the_worker_runs_notifies_nobody(alice, bob, post):
    from comments.models import Comment
    from comments.notifications.fanout import notify_new_comment

    parent = post(alice, "Question.", article=make_article())
    reply = Comment.objects.reply(parent, author=bob, body="Spam.")  # its task not run yet
    reply.hide(by=make_moderator("mod"), reason="spam")
    assert notify_new_comment(reply.pk) == 0
    assert not Notification.objects.filter(comment=reply).exists()
