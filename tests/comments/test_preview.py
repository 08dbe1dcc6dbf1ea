"""Preview: the reply page shows the text as it will be posted, through the renderer saving uses,
and posts nothing; the page's script gets the same answers as JSON."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.rendering import Markup, render_body
from tests.builders import make_article, make_comment, make_user

TEXT = "A [source](https://example.org/s) and *emphasis*\n\n    indented code"


@pytest.fixture
def parent(db):
    return make_comment(make_article(), body="The parent.")


@pytest.fixture
def carol(client, db):
    user = make_user("carol")
    client.force_login(user)
    return user


def test_preview_shows_the_rendered_text_above_the_kept_text_and_posts_nothing(client, carol, parent):
    response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": TEXT, "preview": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert render_body(TEXT, Markup.MARKDOWN) in page
    assert '<a href="https://example.org/s" rel="nofollow ugc noopener">source</a>' in page
    assert "<pre><code>indented code" in page
    assert "A [source](https://example.org/s) and *emphasis*" in page  # the source, kept in the form
    assert Comment.objects.count() == 1


def test_preview_of_a_new_top_level_comment(client, carol, parent):
    url = reverse("comments:comment_on_article", args=[parent.article.slug])
    response = client.post(url, {"body": "**bold**", "preview": "1"})
    assert "<strong>bold</strong>" in response.content.decode()
    assert Comment.objects.count() == 1


def test_preview_of_an_empty_text_says_what_is_wrong(client, carol, parent):
    response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": "  ", "preview": "1"})
    assert response.status_code == 400
    assert "the comment is empty" in response.content.decode()


def test_the_script_gets_the_preview_as_json(client, carol, parent):
    response = client.post(
        reverse("comments:reply", args=[parent.pk]), {"body": "*hi*", "preview": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response.json()["preview"] == "<p><em>hi</em></p>"
    assert Comment.objects.count() == 1


def test_the_script_gets_a_refusal_as_json_with_its_status(client, carol, parent, settings):
    settings.COMMENT_MAX_LENGTH = 10
    response = client.post(
        reverse("comments:reply", args=[parent.pk]), {"body": "far too long a reply"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "at most 10 characters" in response.json()["errors"][0]
    Comment.objects.filter(pk=parent.pk).update(state=Comment.State.HIDDEN)
    response = client.post(
        reverse("comments:reply", args=[parent.pk]), {"body": "Hello"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403
    assert "removed" in response.json()["refusal"]


def test_the_script_gets_the_new_comments_address_as_json(client, carol, parent):
    response = client.post(
        reverse("comments:reply", args=[parent.pk]), {"body": "Posted in place"}, HTTP_ACCEPT="application/json"
    )
    comment = Comment.objects.get(body="Posted in place")
    assert response.status_code == 200
    assert response.json() == {"location": comment.get_absolute_url()}


def test_every_comment_form_offers_formatting_help_and_a_limit_for_the_counter(client, carol, parent):
    page = client.get(parent.article.get_absolute_url()).content.decode()
    assert page.count('data-max-length="10000"') == 2  # the form at the foot and the inline reply template
    assert 'name="preview"' in page
