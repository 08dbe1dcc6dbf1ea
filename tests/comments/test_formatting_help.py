"""Every comment form says, in a small folded box, how to format a comment."""

import pytest
from django.urls import reverse

from tests.builders import make_article, make_comment
from tests.html_checks import assert_valid_html


@pytest.fixture
def comment(alice):
    return make_comment(make_article(), author=alice)


def form_pages(comment) -> list[str]:
    return [
        comment.article.get_absolute_url(),
        reverse("comments:reply", args=[comment.pk]),
        reverse("comments:edit", args=[comment.pk]),
    ]


def test_every_comment_form_has_the_formatting_help(client, alice, comment):
    client.force_login(alice)
    for url in form_pages(comment):
        page = client.get(url).content.decode()
        document = assert_valid_html(page)
        help_box = [d for d in document.iter("details") if "formatting-help" in d.get("class", "")]
        assert len(help_box) == 1, url
        text = "".join(help_box[0].itertext())
        assert "[link text](https://example.org/)" in text and "> quoted text" in text and "**strong**" in text
