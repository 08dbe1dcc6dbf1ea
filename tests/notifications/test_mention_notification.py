from comments.notifications.models import Mention, Notification
from tests.builders import make_article


def test_a_mention_notifies_the_named_reader_and_is_recorded(post, alice, bob):
    comment = post(alice, "I agree with @Bob on this.", article=make_article())
    notice = Notification.objects.get(recipient=bob)
    assert (notice.kind, notice.comment) == (Notification.Kind.MENTION, comment)
    assert list(Mention.objects.filter(comment=comment).values_list("user", flat=True)) == [bob.pk]


def test_mentioning_yourself_notifies_nobody(post, alice):
    post(alice, "As @alice said before: me.", article=make_article())
    assert not Notification.objects.exists()


def test_a_mention_of_an_unknown_name_notifies_nobody(post, alice):
    post(alice, "Hello @ghost", article=make_article())
    assert not Notification.objects.exists()


def test_a_name_added_by_an_edit_is_a_mention_and_one_already_there_is_not_told_twice(
    post, committed, alice, bob, carol
):
    comment = post(alice, "Thanks @bob.", article=make_article())
    with committed():
        comment.edit(by=alice, body="Thanks @bob and @carol.")
    assert Notification.objects.get(recipient=carol).kind == Notification.Kind.MENTION
    assert Notification.objects.filter(recipient=bob, kind="mention").count() == 1
