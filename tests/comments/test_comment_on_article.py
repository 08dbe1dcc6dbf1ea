from uuid import uuid4

from django.urls import reverse

from comments.models import Comment
from tests.builders import make_article, make_comment


def post(client, article, body: str, **extra):
    return client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": body, **extra})


def test_a_new_top_level_comment_starts_its_own_thread(client, alice):
    article = make_article()
    make_comment(article)
    client.force_login(alice)
    response = post(client, article, "A fresh thought.", submission_key=str(uuid4()))
    comment = Comment.objects.get(body="A fresh thought.")
    assert response["Location"] == comment.get_absolute_url()
    assert comment.parent is None
    assert comment.author == alice


def test_the_article_page_offers_the_form_to_readers_who_are_logged_in(client, alice):
    article = make_article()
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{reverse("comments:comment_on_article", args=[article.slug])}"' in page
    assert 'name="submission_key"' in page
    assert 'id="reply-form-template"' in page


def test_the_article_page_sends_other_readers_to_log_in_and_back(client, db):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"{reverse('login')}?next={article.get_absolute_url()}%23new-comment" in page
    assert 'name="body"' not in page


def test_a_closed_article_says_so_instead_of_a_form(client, alice):
    article = make_article(comments_open=False)
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed" in page
    assert 'name="body"' not in page
    response = post(client, article, "Still?")
    assert response.status_code == 403
    assert "Still?" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused_on_its_own_page(client, alice):
    article = make_article()
    client.force_login(alice)
    response = post(client, article, "   ")
    assert response.status_code == 400
    assert "Write something before posting" in response.content.decode()


def test_an_unpublished_or_unknown_article_is_not_found(client, alice):
    client.force_login(alice)
    assert client.post(reverse("comments:comment_on_article", args=["nope"]), {"body": "x"}).status_code == 404


def test_reply_links_only_where_replies_are_taken(client, alice):
    article = make_article()
    open_comment = make_comment(article)
    removed = make_comment(article)
    Comment.objects.filter(pk=removed.pk).update(state=Comment.State.HIDDEN)
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("comments:reply", args=[open_comment.pk]) in page
    assert reverse("comments:reply", args=[removed.pk]) not in page


def test_a_suspended_reader_is_told_instead_of_offered_the_form(client, alice, bob):
    from datetime import timedelta

    from django.utils import timezone

    from comments.models import Suspension

    article = make_article()
    Suspension.objects.create(user=alice, until=timezone.now() + timedelta(days=1), reason="Spam", created_by=bob)
    client.force_login(alice)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Your account is suspended until" in page
    assert 'name="body"' not in page
