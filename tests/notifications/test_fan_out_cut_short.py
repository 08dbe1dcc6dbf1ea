"""A fan-out (or digest) run stopped after its commit and before it queued the sending: the rerun sends it.

The queue's worker can be killed between the transaction that stores the notices and email rows and the
on-commit hook that enqueues each email's task. The requeued task then finds its notices made; it must
still see each email on its way, once.
"""

from django.core import mail
from django.core.management import call_command

from comments.notifications.fanout import notify_new_comment
from comments.notifications.models import EmailPreference, OutboundEmail
from tests.builders import make_article, make_user


def _reader(name: str, mode: str):
    user = make_user(name, email=f"{name}@example.org")
    EmailPreference.choose(user, mode)
    return user


def test_a_requeued_fan_out_finishes_what_the_killed_run_committed(bob, django_capture_on_commit_callbacks):
    from comments.models import Comment

    alice = _reader("alice", EmailPreference.Mode.IMMEDIATE)
    question = Comment.objects.start_thread(make_article(), author=alice, body="Question.")
    reply = Comment.objects.reply(question, author=bob, body="Answer.")
    with django_capture_on_commit_callbacks(execute=False) as lost:  # killed after commit, before the hooks
        notify_new_comment(reply.pk)
    assert lost and mail.outbox == []
    [email] = OutboundEmail.objects.all()
    assert email.state == OutboundEmail.State.PENDING

    with django_capture_on_commit_callbacks(execute=True):  # requeued: the same task runs again
        notify_new_comment(reply.pk)
    [message] = mail.outbox
    assert message.to == ["alice@example.org"] and "Answer." in message.body
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT

    with django_capture_on_commit_callbacks(execute=True):  # and a third run sends nothing more
        notify_new_comment(reply.pk)
    assert len(mail.outbox) == 1


def test_a_rerun_digest_sends_the_digest_its_cut_short_run_left_queued_without_a_task(
    post, bob, django_capture_on_commit_callbacks
):
    alice = _reader("alice", EmailPreference.Mode.DAILY)
    post(bob, "First answer.", parent=post(alice, "Question.", article=make_article()))
    with django_capture_on_commit_callbacks(execute=False):
        call_command("send_digests", verbosity=0)
    assert mail.outbox == [] and OutboundEmail.objects.get().state == OutboundEmail.State.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", verbosity=0)
    [digest] = mail.outbox
    assert "First answer." in digest.body
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT
