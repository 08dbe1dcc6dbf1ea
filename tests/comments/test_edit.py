from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from comments.integrity import find_problems
from comments.models import Comment, CommentRevision, Suspension
from tests.builders import make_article, make_comment


@pytest.fixture
def own(alice):
    return make_comment(make_article(), author=alice, body="First draft.")


def edit(client, comment, body: str):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body})


def test_the_author_edits_their_comment_and_it_shows_edited(client, alice, own):
    client.force_login(alice)
    response = edit(client, own, "Second draft.")
    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url()
    own.refresh_from_db()
    assert own.body == "Second draft."
    assert "<p>Second draft.</p>" in own.body_html
    assert own.edited is not None
    page = client.get(own.article.get_absolute_url()).content.decode()
    assert 'class="edited"' in page


def test_every_earlier_version_is_kept_with_who_and_when(client, alice, own):
    client.force_login(alice)
    edit(client, own, "Second draft.")
    edit(client, own, "Third draft.")
    revisions = list(own.revisions.order_by("replaced_at").values_list("body", "edited_by"))
    assert revisions == [("First draft.", alice.pk), ("Second draft.", alice.pk)]
    assert all(revision.replaced_at for revision in CommentRevision.objects.all())


def test_an_unchanged_text_makes_no_revision(client, alice, own):
    client.force_login(alice)
    edit(client, own, "First draft.")
    own.refresh_from_db()
    assert own.edited is None
    assert not own.revisions.exists()


def test_the_edit_form_starts_with_the_current_text(client, alice, own):
    client.force_login(alice)
    response = client.get(reverse("comments:edit", args=[own.pk]))
    assert response.status_code == 200
    assert "First draft." in response.content.decode()


def test_another_users_comment_cannot_be_edited(client, bob, own):
    client.force_login(bob)
    assert client.get(reverse("comments:edit", args=[own.pk])).status_code == 403
    response = edit(client, own, "Hijacked")
    assert response.status_code == 403
    assert "only edit your own" in response.content.decode()
    own.refresh_from_db()
    assert own.body == "First draft."


def test_the_edit_window_closes(client, alice, own, settings):
    Comment.objects.filter(pk=own.pk).update(
        created=timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES + 1)
    )
    client.force_login(alice)
    response = edit(client, own, "Too late")
    assert response.status_code == 403
    assert f"edited for {settings.COMMENT_EDIT_WINDOW_MINUTES} minutes" in response.content.decode()
    assert "Too late" in response.content.decode()
    own.refresh_from_db()
    assert own.body == "First draft."


def test_edit_links_show_only_to_the_author_within_the_window(client, alice, bob, own):
    url = reverse("comments:edit", args=[own.pk])
    client.force_login(bob)
    assert url not in client.get(own.article.get_absolute_url()).content.decode()
    client.force_login(alice)
    assert url in client.get(own.article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(("body", "message"), [("", "Write something"), ("a\x1bb", "control character")])
def test_an_edit_is_validated_like_a_new_comment(client, alice, own, body, message):
    client.force_login(alice)
    response = edit(client, own, body)
    assert response.status_code == 400
    assert message in response.content.decode()
    own.refresh_from_db()
    assert own.body == "First draft."


def test_a_suspended_author_cannot_edit(client, alice, bob, own):
    Suspension.objects.create(user=alice, until=timezone.now() + timedelta(hours=1), reason="Cool down", created_by=bob)
    client.force_login(alice)
    response = edit(client, own, "Sneaky edit")
    assert response.status_code == 403
    assert "suspended" in response.content.decode()


def test_an_edit_writes_only_the_text_fields_and_never_stale_tree_fields(alice, own):
    stale = Comment.objects.get(pk=own.pk)  # lft/rght from before the replies below
    for _ in range(3):
        make_comment(own.article, own)
    stale.edit(by=alice, body="Edited through a stale copy.")
    fresh = Comment.objects.get(pk=own.pk)
    assert (fresh.lft, fresh.rght) == (1, 8)
    assert fresh.body == "Edited through a stale copy."
    assert find_problems() == {}


def test_the_model_refuses_an_edit_by_someone_else(bob, own):
    with pytest.raises(PermissionDenied):
        own.edit(by=bob, body="No")


def test_an_edit_moves_the_discussion_version_once_committed(alice, own, django_capture_on_commit_callbacks):
    from comments.discussion_version import discussion_version

    before = discussion_version(own.article_id)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        own.edit(by=alice, body="Changed.")
    # Once: other on-commit work (the notifications' task) may follow an edit too.
    assert [callback.__qualname__ for callback in callbacks].count("discussion_changed.<locals>.<lambda>") == 1
    assert discussion_version(own.article_id) != before
