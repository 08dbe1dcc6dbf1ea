"""A form sent twice with one submission key: the same text finds its comment, another text is kept and refused."""

import re
from uuid import uuid4

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from tests.builders import make_article, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["top level", "reply"])
def url(request):
    article = make_article()
    if request.param == "reply":
        return reverse("comments:reply", args=[make_comment(article).pk])
    return reverse("comments:comment_on_article", args=[article.slug])


def form_key(page: str) -> str:
    return re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)


def test_an_identical_resend_lands_on_the_same_comment(client, alice, url):
    client.force_login(alice)
    key = str(uuid4())
    first = client.post(url, {"body": "Said once.", "submission_key": key})
    again = client.post(url, {"body": "Said once.", "submission_key": key})
    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == first["Location"]
    assert Comment.objects.filter(author=alice).count() == 1


def test_a_different_text_with_a_used_key_is_refused_kept_and_given_a_fresh_key(client, alice, url):
    client.force_login(alice)
    key = str(uuid4())
    client.post(url, {"body": "The first text.", "submission_key": key})
    response = client.post(url, {"body": "A second, different text.", "submission_key": key})
    assert response.status_code == 409
    page = response.content.decode()
    assert "This form was already used to post a different text" in page
    assert "A second, different text." in page
    fresh = form_key(page)
    assert fresh != key
    assert list(Comment.objects.filter(author=alice).values_list("body", flat=True)) == ["The first text."]

    posted = client.post(url, {"body": "A second, different text.", "submission_key": fresh})
    assert posted.status_code == 302
    assert set(Comment.objects.filter(author=alice).values_list("body", flat=True)) == {
        "The first text.",
        "A second, different text.",
    }


@pytest.mark.parametrize("data", [None, {"body": "x", "submission_key": ""}, {"body": "x", "submission_key": 'a"<b'}])
def test_the_forms_key_is_written_as_its_widget_renders_it(data):
    form = CommentForm(data=data)
    fields = render_to_string("comments/_comment_form_fields.html", {"form": form})
    assert fields.splitlines()[1] == str(form["submission_key"])
