from comments.notifications.models import Notification
from tests.builders import make_article


def test_a_reply_notifies_the_author_of_the_comment_it_answers(post, alice, bob):
    article = make_article()
    parent = post(alice, "What do you think?", article=article)
    reply = post(bob, "I think so.", parent=parent)
    notice = Notification.objects.get(recipient=alice)
    assert (notice.kind, notice.comment, notice.read_at) == (Notification.Kind.REPLY, reply, None)


def test_replying_to_yourself_notifies_nobody(post, alice):
    parent = post(alice, "First thought.", article=make_article())
    post(alice, "Second thought.", parent=parent)
    assert not Notification.objects.exists()


def test_a_reply_is_one_notice_even_when_the_parent_author_also_follows_and_is_mentioned(post, alice, bob):
    parent = post(alice, "Question.", article=make_article())  # commenting made alice a follower
    post(bob, "@alice here is the answer.", parent=parent)
    assert list(Notification.objects.filter(recipient=alice).values_list("kind", flat=True)) == ["reply"]


def test_running_the_fan_out_twice_adds_nothing(post, alice, bob):
    from comments.notifications.fanout import notify_new_comment

    reply = post(bob, "Answer.", parent=post(alice, "Question.", article=make_article()))
    assert notify_new_comment(reply.pk) == 1  # it decides again, and the unique notice keeps one row
    assert Notification.objects.filter(recipient=alice).count() == 1
