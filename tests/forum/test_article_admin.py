"""Articles in admin: moderators edit them and close or reopen comments, which is logged."""

import pytest
from django.urls import reverse

from comments.models import ModerationAction
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:forum_article_changelist")


def article_form(article, **changes) -> dict:
    data = {
        "title": article.title,
        "slug": article.slug,
        "deck": article.deck,
        "body": article.body,
        "source_url": article.source_url,
        "published_0": article.published.strftime("%Y-%m-%d"),
        "published_1": article.published.strftime("%H:%M:%S"),
    }
    if article.comments_open:
        data["comments_open"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_list_shows_comment_counts_and_links_to_the_page(client):
    article = make_article(title="<em>Counted</em>")
    make_comment(article)
    make_comment(article).hide(by=make_moderator(password=None), reason="x")
    client.force_login(make_moderator(password=None))
    response = client.get(CHANGELIST)
    row = next(a for a in response.context["cl"].result_list if a.pk == article.pk)
    assert (row.comment_count, row.total_comment_count) == (1, 2)
    page = response.content.decode()
    assert article.get_absolute_url() in page
    assert "<em>Counted</em>" not in page


def test_closing_and_reopening_through_actions_is_logged(client):
    moderator = make_moderator(password=None)
    article = make_article()
    client.force_login(moderator)
    client.post(CHANGELIST, {"action": "close_comments", "_selected_action": [article.pk]})
    assert not Article.objects.get(pk=article.pk).comments_open
    client.post(CHANGELIST, {"action": "reopen_comments", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).comments_open
    assert list(ModerationAction.objects.order_by("id").values_list("action", "moderator")) == [
        ("close", moderator.pk),
        ("reopen", moderator.pk),
    ]


def test_unticking_comments_open_on_the_form_closes_them_through_the_logged_verb(client):
    moderator = make_moderator(password=None)
    article = make_article()
    client.force_login(moderator)
    change = reverse("admin:forum_article_change", args=[article.pk])
    response = client.post(change, article_form(article, title="Edited title", comments_open=None))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.title, article.comments_open) == ("Edited title", False)
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["close"]


def test_a_moderator_cannot_add_or_delete_articles(client):
    article = make_article()
    client.force_login(make_moderator(password=None))
    assert client.get(reverse("admin:forum_article_add")).status_code == 403
    assert client.post(reverse("admin:forum_article_delete", args=[article.pk]), {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_people_who_are_not_moderators_cannot_close_comments(client, role):
    author = make_user(password=None)
    article = make_article()
    make_comment(article, author=author)
    if role != "anonymous":
        client.force_login(author if role == "author" else make_user(password=None))
    response = client.post(CHANGELIST, {"action": "close_comments", "_selected_action": [article.pk]})
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert Article.objects.get(pk=article.pk).comments_open
    assert not ModerationAction.objects.exists()
