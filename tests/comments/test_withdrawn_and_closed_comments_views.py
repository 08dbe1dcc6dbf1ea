"""Through the pages: an author cannot undo a moderator's removal by deleting or editing the comment,
nor edit after comments are closed; moderators still edit in admin."""

import pytest
from django.urls import reverse

from comments.models import Comment, CommentRevision
from tests.builders import make_article, make_comment, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return make_moderator("mod")


@pytest.fixture
def own(alice):
    return make_comment(make_article(), author=alice, body="What I wrote.")


def snapshot(comment: Comment) -> tuple:
    fresh = Comment.objects.get(pk=comment.pk)
    return (fresh.state, fresh.body, fresh.edited, fresh.public_reason, CommentRevision.objects.count())


@pytest.mark.parametrize(("action", "data"), [("delete", {}), ("edit", {"body": "Rewritten after removal."})])
def test_the_author_cannot_delete_or_edit_a_comment_a_moderator_removed(client, alice, own, moderator, action, data):
    own.hide(by=moderator, reason="abuse", public=True)
    before = snapshot(own)
    client.force_login(alice)
    url = reverse(f"comments:{action}", args=[own.pk])
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code == 403
        assert "A moderator removed this comment, so it cannot be" in response.content.decode()
    assert snapshot(own) == before
    page = client.get(own.article.get_absolute_url()).content.decode()
    assert "removed by a moderator" in page
    assert "[deleted]" not in page


def test_the_author_cannot_edit_after_comments_are_closed(client, alice, own, moderator):
    own.article.close_comments(by=moderator)
    before = snapshot(own)
    client.force_login(alice)
    url = reverse("comments:edit", args=[own.pk])
    for response in (client.get(url), client.post(url, {"body": "A late change."})):
        assert response.status_code == 403
        assert "Comments are closed on this article. Comments cannot be edited there any more." in (
            response.content.decode()
        )
    assert snapshot(own) == before


def test_a_moderator_still_edits_in_admin_after_comments_are_closed(client, own, moderator):
    own.article.close_comments(by=moderator)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_change", args=[own.pk]),
        {
            "body": "What I wrote, [link removed].",
            "edit_reason": "spam link",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Comment.objects.get(pk=own.pk).body == "What I wrote, [link removed]."
    assert CommentRevision.objects.get().body == "What I wrote."
