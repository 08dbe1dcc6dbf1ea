"""The public moderation log: what was done, when, where and the public reason; never hidden text or private notes."""

import pytest
from django.urls import reverse

from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture
def logged(db):
    moderator = make_moderator("maria")
    article = make_article(title="Budget debate")
    comment = make_comment(article, author=make_user("ranter"), author_name="Ranter", body="Secret rude words")
    comment.hide(by=moderator, reason="private: this user is a known troll", public=True)
    other = make_comment(article, body="Quietly removed text")
    other.hide(by=moderator, reason="private note only")
    return moderator, article


def test_the_log_lists_the_action_the_article_and_the_public_reason_only(client, logged):
    page = client.get(reverse("comments:moderation_log")).content.decode()
    assert "hid a comment" in page and "Budget debate" in page
    assert "private: this user is a known troll" in page  # given as the public reason
    for secret in ("private note only", "Secret rude words", "Quietly removed text", "Ranter", "ranter"):
        assert secret not in page


def test_moderators_are_named_only_when_the_setting_says_so(client, logged, settings):
    assert "maria" not in client.get(reverse("comments:moderation_log")).content.decode()
    settings.PUBLIC_LOG_NAMES_MODERATORS = True
    assert "maria" in client.get(reverse("comments:moderation_log")).content.decode()
