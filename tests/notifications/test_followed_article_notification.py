from django.urls import reverse

from comments.notifications.models import Follow, Notification
from tests.builders import make_article


def test_commenting_follows_the_article_and_later_comments_notify(post, alice, bob):
    article = make_article()
    post(alice, "First!", article=article)
    assert Follow.objects.filter(user=alice, article=article, active=True).exists()
    comment = post(bob, "A new thread of my own.", article=article)
    notice = Notification.objects.get(recipient=alice)
    assert (notice.kind, notice.comment) == (Notification.Kind.FOLLOWED, comment)


def test_following_without_commenting_notifies_too(client, post, alice, bob):
    article = make_article()
    client.force_login(alice)
    response = client.post(reverse("notifications:follow", args=[article.slug]))
    assert response.status_code == 302
    post(bob, "Something new.", article=article)
    assert Notification.objects.filter(recipient=alice, kind="followed").count() == 1


def test_unfollowing_stops_notices_and_commenting_again_does_not_restart_them(client, post, alice, bob, carol):
    article = make_article()
    post(alice, "First!", article=article)
    client.force_login(alice)
    client.post(reverse("notifications:follow", args=[article.slug]), {"stop": "1"})
    post(alice, "Another thought, still not following.", article=article)
    post(bob, "A new thread.", article=article)
    assert not Notification.objects.filter(recipient=alice).exists()
    assert Follow.objects.get(user=alice, article=article).active is False


def test_the_article_page_offers_follow_to_signed_in_readers_only(client, alice):
    article = make_article()
    assert b"Follow this discussion" not in client.get(article.get_absolute_url()).content
    client.force_login(alice)
    assert b"Follow this discussion" in client.get(article.get_absolute_url()).content


def test_following_an_unknown_article_is_a_404(client, alice):
    client.force_login(alice)
    assert client.post(reverse("notifications:follow", args=["no-such-article"])).status_code == 404


def test_follow_is_post_only(client, alice):
    article = make_article()
    client.force_login(alice)
    assert client.get(reverse("notifications:follow", args=[article.slug])).status_code == 405
