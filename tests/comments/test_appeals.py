"""Appeals: the author of a removed comment asks once per removal; a moderator restores or upholds it."""

import pytest
from django.urls import reverse

from comments.models import Appeal, AppealRefused, Comment, ModerationAction
from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture
def moderator(db):
    return make_moderator("maria")


@pytest.fixture
def removed(moderator):
    author = make_user("writer")
    comment = make_comment(make_article(), author=author, body="Spicy but fair.")
    comment.hide(by=moderator, reason="too spicy")
    return comment


def test_the_author_appeals_once_and_the_moderator_restores(client, removed, moderator):
    client.force_login(removed.author)
    url = reverse("comments:appeal", args=[removed.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "It was a fair point, made firmly."})
    assert response.status_code == 302
    again = client.post(url, {"text": "Once more"})
    assert again.status_code == 403 and "appealed this removal already" in again.content.decode()
    assert Appeal.objects.count() == 1

    appeal = Appeal.objects.get()
    assert appeal.restore(by=moderator, note="Fair enough.")
    assert Comment.objects.get(pk=removed.pk).is_visible
    assert ModerationAction.objects.filter(action=ModerationAction.Kind.RESTORE_ON_APPEAL).count() == 1
    page = client.get(url).content.decode()
    assert "comment restored" in page and "Fair enough." in page


def test_an_upheld_removal_stays_and_a_later_removal_may_be_appealed_again(removed, moderator):
    appeal = Appeal.file(removed, by=removed.author, text="Please look again.")
    assert appeal.uphold(by=moderator, note="It broke the rules.")
    assert not appeal.restore(by=moderator)  # decided already
    assert Comment.objects.get(pk=removed.pk).state == Comment.State.HIDDEN
    Comment.objects.get(pk=removed.pk).unhide(by=moderator)
    Comment.objects.get(pk=removed.pk).hide(by=moderator, reason="again")
    assert Appeal.file(Comment.objects.get(pk=removed.pk), by=removed.author, text="This time too?")


def test_only_the_author_of_a_removed_comment_may_appeal(client, removed, alice):
    with pytest.raises(AppealRefused, match="Only the author"):
        Appeal.file(removed, by=alice, text="Me too")
    client.force_login(alice)
    assert client.get(reverse("comments:appeal", args=[removed.pk])).status_code == 404
    visible = make_comment(removed.article, author=alice)
    with pytest.raises(AppealRefused, match="nothing to appeal"):
        Appeal.file(visible, by=alice, text="Why?")


def test_an_appeal_keeps_the_typed_text_when_refused(client, removed):
    client.force_login(removed.author)
    response = client.post(reverse("comments:appeal", args=[removed.pk]), {"text": "x\x00y"})
    assert response.status_code == 400
    assert "control character" in response.content.decode()
