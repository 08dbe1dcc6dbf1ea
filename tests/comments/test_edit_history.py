"""Edits in the open: readers see "edited by a moderator" for a moderator's edit, and the author's own earlier texts."""

import pytest
from django.urls import reverse

from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture
def comment(db):
    return make_comment(make_article(), author=make_user("writer"), body="First words, and a slur.")


def test_the_history_shows_texts_the_author_replaced_but_not_what_a_moderator_removed(client, comment):
    moderator = make_moderator()
    comment.edit(
        by=moderator, body="First words, and [removed].", moderator=True, reason="slur", public_note="slur removed"
    )
    comment.edit(by=comment.author, body="Second words.")
    page = client.get(reverse("comments:history", args=[comment.pk])).content.decode()
    assert "First words, and [removed]." in page  # the author replaced this one
    assert "a slur" not in page  # the moderator replaced that one
    assert "slur removed" in page


def test_a_moderators_edit_is_marked_with_its_public_note(comment):
    comment.edit(by=make_moderator(), body="Tidied.", moderator=True, reason="private", public_note="link removed")
    comment.refresh_from_db()
    assert comment.edited_by_moderator and comment.edit_note == "link removed"


def test_the_history_of_a_removed_comment_is_for_moderators_only(client, comment):
    moderator = make_moderator()
    comment.hide(by=moderator, reason="no")
    url = reverse("comments:history", args=[comment.pk])
    assert client.get(url).status_code == 404
    client.force_login(moderator)
    assert client.get(url).status_code == 200
