import pytest
from django.urls import reverse

from comments.integrity import find_problems
from comments.models import Comment
from tests.builders import make_article, make_comment


@pytest.fixture
def own(alice):
    return make_comment(make_article(), author=alice, body="Regrettable words.")


def test_deleting_your_own_comment_leaves_a_placeholder_and_its_replies(client, alice, bob, own):
    reply = make_comment(own.article, own, author=bob, body="A reply that stays.")
    client.force_login(alice)
    response = client.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url()
    own.refresh_from_db()
    assert own.state == Comment.State.DELETED
    assert own.body == "Regrettable words."  # kept for moderators; readers see a placeholder
    page = client.get(own.article.get_absolute_url()).content.decode()
    assert "[deleted]" in page
    assert "Regrettable words." not in page
    assert "A reply that stays." in page
    assert Comment.objects.filter(pk=reply.pk, parent=own).exists()
    assert find_problems() == {}


def test_delete_asks_first_on_a_page(client, alice, own):
    client.force_login(alice)
    response = client.get(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 200
    assert "Delete your comment?" in response.content.decode()
    own.refresh_from_db()
    assert own.state == Comment.State.VISIBLE


def test_another_users_comment_cannot_be_deleted(client, bob, own):
    client.force_login(bob)
    assert client.get(reverse("comments:delete", args=[own.pk])).status_code == 403
    response = client.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 403
    assert "only delete your own" in response.content.decode()
    own.refresh_from_db()
    assert own.state == Comment.State.VISIBLE


def test_a_reader_who_is_not_logged_in_cannot_delete(client, own):
    response = client.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    own.refresh_from_db()
    assert own.state == Comment.State.VISIBLE


def test_a_deleted_comment_takes_no_replies_and_cannot_be_edited(client, alice, own):
    own.delete_by_author(by=alice)
    client.force_login(alice)
    assert client.post(reverse("comments:reply", args=[own.pk]), {"body": "Hm"}).status_code == 403
    assert client.post(reverse("comments:edit", args=[own.pk]), {"body": "Hm"}).status_code == 403


def test_deleting_twice_is_harmless(client, alice, own):
    client.force_login(alice)
    client.post(reverse("comments:delete", args=[own.pk]))
    response = client.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 403
    assert "already deleted" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_deletion_moves_the_discussion_version_once_committed(alice, own, django_capture_on_commit_callbacks):
    from comments.discussion_version import discussion_version

    before = discussion_version(own.article_id)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        own.delete_by_author(by=alice)
    assert len(callbacks) == 1
    assert discussion_version(own.article_id) != before
