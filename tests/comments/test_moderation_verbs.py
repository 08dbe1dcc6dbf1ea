"""The model verbs moderation goes through: each changes state, never the tree, and writes one log entry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.discussion_version import discussion_version
from comments.integrity import find_problems
from comments.models import Comment, CommentRevision, ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def tree_fields(article):
    return list(article.comments.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level", "parent_id"))


def test_hiding_keeps_the_tree_and_the_replies_and_logs_who_and_why(django_capture_on_commit_callbacks):
    moderator, author = make_user(), make_user()
    article = make_article()
    root = make_comment(article, author=author)
    reply = make_comment(article, root)
    before = tree_fields(article)
    version = discussion_version(article.pk)

    with django_capture_on_commit_callbacks(execute=True):
        assert root.hide(by=moderator, reason="insults another reader", public=True)

    root.refresh_from_db()
    assert root.state == Comment.State.HIDDEN
    assert root.public_reason == "insults another reader"
    assert Comment.objects.get(pk=reply.pk).is_visible
    assert tree_fields(article) == before
    assert find_problems() == {}
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.action, entry.comment_id, entry.article_id, entry.target_user) == (
        moderator,
        ModerationAction.Kind.HIDE,
        root.pk,
        article.pk,
        author,
    )
    assert entry.reason == "insults another reader"
    assert discussion_version(article.pk) != version


def test_a_private_reason_stays_out_of_the_placeholder():
    comment = make_comment(make_article())
    comment.hide(by=make_user(), reason="doxxing", public=False)
    comment.refresh_from_db()
    assert comment.public_reason == ""
    assert ModerationAction.objects.get().reason == "doxxing"


def test_hiding_twice_logs_once_and_unhide_restores():
    moderator = make_user()
    comment = make_comment(make_article())
    assert comment.hide(by=moderator, reason="spam")
    assert not Comment.objects.get(pk=comment.pk).hide(by=moderator, reason="spam again")
    assert comment.unhide(by=moderator)
    assert not comment.unhide(by=moderator)
    comment.refresh_from_db()
    assert comment.is_visible and comment.public_reason == ""
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["hide", "unhide"]


def test_bulk_hide_skips_comments_deleted_by_their_authors():
    moderator = make_user()
    article = make_article()
    visible, deleted = make_comment(article), make_comment(article)
    Comment.objects.filter(pk=deleted.pk).update(state=Comment.State.DELETED)
    hidden = Comment.objects.filter(article=article).hide(by=moderator, reason="thread cleanup")
    assert [comment.pk for comment in hidden] == [visible.pk]
    assert Comment.objects.get(pk=deleted.pk).state == Comment.State.DELETED
    assert ModerationAction.objects.count() == 1


def test_moderator_edit_keeps_the_earlier_text_and_leaves_the_tree_alone():
    moderator = make_user()
    article = make_article()
    root = make_comment(article, body="Call me on 555-0100, <b>now</b>")
    make_comment(article, root)
    before = tree_fields(article)
    stale = Comment.objects.get(pk=root.pk)

    assert stale.edit(by=moderator, body="Call me [number removed]", moderator=True, reason="personal data")

    fresh = Comment.objects.get(pk=root.pk)
    assert fresh.body == "Call me [number removed]"
    assert fresh.body_html == "<p>Call me [number removed]</p>"
    assert fresh.edited is not None
    revision = CommentRevision.objects.get()
    assert (revision.comment_id, revision.body, revision.edited_by) == (
        root.pk,
        "Call me on 555-0100, <b>now</b>",
        moderator,
    )
    assert tree_fields(article) == before
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.reason) == (ModerationAction.Kind.EDIT, "personal data")
    assert not fresh.edit(by=moderator, body=fresh.body, moderator=True, reason="no change")
    assert CommentRevision.objects.count() == 1


def test_closing_and_reopening_comments_is_logged_once_each(django_capture_on_commit_callbacks):
    moderator = make_user()
    article = make_article()
    version = discussion_version(article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert article.close_comments(by=moderator, reason="flame war")
    assert not article.close_comments(by=moderator)
    article.refresh_from_db()
    assert not article.comments_open
    assert discussion_version(article.pk) != version
    assert article.reopen_comments(by=moderator)
    article.refresh_from_db()
    assert article.comments_open
    assert list(ModerationAction.objects.order_by("id").values_list("action", "article_id")) == [
        ("close", article.pk),
        ("reopen", article.pk),
    ]


def test_resolving_and_dismissing_reports_record_the_moderator():
    moderator, reader, other = make_user(), make_user(), make_user()
    comment = make_comment(make_article())
    first, _ = comment.report(by=reader, reason=Report.Reason.SPAM)
    second, _ = comment.report(by=other, reason=Report.Reason.ABUSE)
    assert first.resolve(by=moderator)
    assert not first.resolve(by=moderator)
    assert second.dismiss(by=moderator, reason="not abuse")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.handled_by) == (Report.Status.RESOLVED, moderator)
    assert (second.status, second.handled_by) == (Report.Status.DISMISSED, moderator)
    assert first.handled_at is not None
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["resolve", "dismiss"]


def test_a_reader_reports_a_comment_once():
    reader = make_user()
    comment = make_comment(make_article())
    _, created = comment.report(by=reader, reason=Report.Reason.SPAM)
    again, created_again = comment.report(by=reader, reason=Report.Reason.ABUSE)
    assert created and not created_again
    assert again.reason == Report.Reason.SPAM
    assert Report.objects.count() == 1


def test_suspending_and_lifting_are_logged_and_leave_comments_alone():
    moderator, user = make_user(), make_user()
    comment = make_comment(make_article(), author=user)
    suspension = Suspension.suspend(
        user, until=timezone.now() + timedelta(days=3), reason="repeated abuse", by=moderator
    )
    assert Suspension.active_for(user) == suspension
    assert suspension.lift(by=moderator)
    assert not suspension.lift(by=moderator)
    assert Suspension.active_for(user) is None
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert list(ModerationAction.objects.order_by("id").values_list("action", "target_user_id")) == [
        ("suspend", user.pk),
        ("unsuspend", user.pk),
    ]


def test_log_entries_cannot_be_changed_or_deleted():
    comment = make_comment(make_article())
    comment.hide(by=make_user(), reason="spam")
    entry = ModerationAction.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    assert ModerationAction.objects.get().reason == "spam"
