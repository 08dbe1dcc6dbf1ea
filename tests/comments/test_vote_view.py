"""Voting through the page: the form, the redirect back, the count and pressed state shown, refusals said."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, Vote
from tests.builders import make_article, make_comment, make_moderator, make_user


@pytest.fixture
def comment(db):
    return make_comment(make_article(), author=make_user("writer"), body="A good point.")


def vote(client, comment, direction="up", **headers):
    return client.post(reverse("comments:vote", args=[comment.pk]), {"vote": direction}, **headers)


def test_a_vote_returns_to_the_comment_and_shows_pressed_with_the_count(client, comment, alice):
    client.force_login(alice)
    response = vote(client, comment)
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page and '<span class="vote-count">1</span>' in page
    assert 'name="vote" value="down"' in page  # pressing it again takes the vote back
    vote(client, comment, "down")
    assert Comment.objects.get(pk=comment.pk).vote_count == 0


def test_the_script_gets_the_new_count_as_json(client, comment, alice, bob):
    client.force_login(bob)
    vote(client, comment)
    client.force_login(alice)
    response = vote(client, comment, HTTP_ACCEPT="application/json")
    assert response.json() == {"count": 2, "voted": True}


def test_everyone_sees_the_count_and_only_eligible_readers_a_button(client, comment, alice):
    client.force_login(alice)
    vote(client, comment)
    client.logout()
    anonymous = client.get(comment.article.get_absolute_url()).content.decode()
    assert '<p class="score">1 vote</p>' in anonymous and "vote-button" not in anonymous
    client.force_login(comment.author)
    own = client.get(comment.article.get_absolute_url()).content.decode()
    assert '<p class="score">1 vote</p>' in own and "vote-button" not in own


def test_a_refused_vote_says_why(client, comment):
    client.force_login(comment.author)
    response = vote(client, comment)
    assert response.status_code == 403 and "your own comment" in response.content.decode()
    assert Vote.objects.count() == 0


def test_voting_too_fast_is_refused_with_429(client, comment, alice, settings):
    settings.VOTES_PER_MINUTE = 2
    client.force_login(alice)
    vote(client, comment)
    vote(client, comment, "down")
    response = vote(client, comment)
    assert response.status_code == 429 and "wait" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_voting_needs_a_post_and_a_login(client, comment):
    assert client.get(reverse("comments:vote", args=[comment.pk])).status_code == 405
    assert vote(client, comment).status_code == 302 and Vote.objects.count() == 0  # to the log-in page


def test_a_signed_in_page_reads_its_votes_in_one_query_whatever_its_size(client, alice):
    article = make_article()
    for _ in range(3):
        make_comment(article, author=make_user())
    client.force_login(alice)
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    for _ in range(30):
        make_comment(article, author=make_user())
    with CaptureQueriesContext(connection) as many:
        client.get(article.get_absolute_url())
    assert len(many) == len(few)


def test_moderators_see_the_count_too(client, comment):
    client.force_login(make_moderator())
    assert "vote-count" in client.get(comment.article.get_absolute_url()).content.decode()


def test_a_vote_without_javascript_returns_under_the_order_the_reader_was_reading_in(client, alice, settings):
    settings.THREAD_PAGE_SIZE = 1
    article = make_article()
    first, liked = make_comment(article, body="First."), make_comment(article, body="Liked.")
    Comment.objects.filter(pk=liked.pk).update(vote_count=5)
    client.force_login(alice)
    page = client.get(article.get_absolute_url() + "?sort=best").content.decode()
    assert '<input type="hidden" name="sort" value="best">' in page  # the page's vote form carries its order
    response = client.post(reverse("comments:vote", args=[liked.pk]), {"vote": "up", "sort": "best"})
    assert (
        response["Location"] == liked.get_absolute_url("best") == f"{article.get_absolute_url()}?sort=best#c{liked.pk}"
    )
    response = client.post(reverse("comments:vote", args=[first.pk]), {"vote": "up", "sort": "<script>"})
    assert response["Location"] == first.get_absolute_url()  # an unknown order falls back to the oldest first
