from django.urls import clear_script_prefix, reverse, set_script_prefix

from comments.models import comment_url
from tests.builders import make_article, make_comment


def test_comment_urls_are_what_reverse_gives(db):
    comment = make_comment(make_article())
    assert comment.get_permalink() == reverse("comments:comment_detail", kwargs={"pk": comment.pk})
    assert comment.get_reply_url() == reverse("comments:reply", kwargs={"pk": comment.pk})
    assert comment_url("comments:reply", 7) != comment_url("comments:reply", 77)


def test_comment_urls_follow_the_script_prefix_of_the_request():
    set_script_prefix("/forum/")
    try:
        assert comment_url("comments:comment_detail", 12) == "/forum/c/12/"
        assert comment_url("comments:comment_detail", 12) == reverse("comments:comment_detail", kwargs={"pk": 12})
    finally:
        clear_script_prefix()
    assert comment_url("comments:comment_detail", 12) == "/c/12/"
