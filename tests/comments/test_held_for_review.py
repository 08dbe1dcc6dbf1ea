"""Reports that act on their own: enough established readers reporting a comment hide it pending review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

WEEKS_AGO = timezone.now() - timedelta(days=30)


@pytest.fixture
def comment(db, settings):
    settings.AUTO_HIDE_REPORTS = 3
    return make_comment(make_article(), author=make_user("loud"), body="Something many find wrong.")


def established(name: str):
    return make_user(name, date_joined=WEEKS_AGO)


def test_three_established_readers_hold_a_comment_for_review(comment):
    for name in ("r1", "r2"):
        comment.report(by=established(name), reason=Report.Reason.ABUSE)
    assert Comment.objects.get(pk=comment.pk).is_visible
    comment.report(by=established("r3"), reason=Report.Reason.ABUSE)
    held = Comment.objects.get(pk=comment.pk)
    assert (held.state, held.held_for_review) == (Comment.State.HIDDEN, True)
    assert held.placeholder == "[hidden pending review]"
    entry = ModerationAction.objects.get(action=ModerationAction.Kind.HOLD)
    assert entry.moderator is None and entry.comment_id == comment.pk


def test_new_or_suspended_accounts_do_not_count(comment):
    moderator = make_moderator()
    suspended = established("s1")
    Suspension.suspend(suspended, until=timezone.now() + timedelta(days=1), reason="ring", by=moderator)
    for reader in (make_user("new1"), make_user("new2"), suspended, established("r1"), established("r2")):
        comment.report(by=reader, reason=Report.Reason.SPAM)
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_a_moderators_decision_ends_the_hold_either_way(comment):
    for name in ("r1", "r2", "r3"):
        comment.report(by=established(name), reason=Report.Reason.ABUSE)
    moderator = make_moderator()
    assert Comment.objects.get(pk=comment.pk).unhide(by=moderator)
    shown = Comment.objects.get(pk=comment.pk)
    assert shown.is_visible and not shown.held_for_review
    assert Comment.objects.get(pk=comment.pk).hide(by=moderator, reason="it was abuse", public=True)
    Comment.objects.filter(pk=comment.pk).update(held_for_review=True)  # held again, say
    assert Comment.objects.get(pk=comment.pk).hide(by=moderator, reason="confirmed", public=True)
    confirmed = Comment.objects.get(pk=comment.pk)
    assert not confirmed.held_for_review
    assert confirmed.placeholder == "[removed by a moderator: confirmed]"


def test_the_threshold_zero_turns_it_off(comment, settings):
    settings.AUTO_HIDE_REPORTS = 0
    for name in ("r1", "r2", "r3", "r4"):
        comment.report(by=established(name), reason=Report.Reason.ABUSE)
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_a_held_comment_sits_at_the_top_of_the_report_queue(client, comment):
    from django.urls import reverse

    busier = make_comment(comment.article, author=make_user("other"), body="Reported by many newcomers.")
    for n in range(5):
        busier.report(by=make_user(f"new{n}"), reason=Report.Reason.SPAM)
    for name in ("r1", "r2", "r3"):
        comment.report(by=established(name), reason=Report.Reason.ABUSE)
    client.force_login(make_moderator())
    page = client.get(reverse("admin:comments_reportedcomment_changelist")).content.decode()
    assert page.index("Something many find wrong.") < page.index("Reported by many newcomers.")
