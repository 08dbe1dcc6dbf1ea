"""No page names the author of a hidden or deleted comment or quotes its text, except to moderators.

Every page that takes a comment's id is asked for such a comment, and for a reply to it, by an
anonymous reader and by another signed-in reader, and the whole response is searched.
"""

import pytest
from django.urls import get_resolver, reverse

from comments.models import Comment
from tests.builders import make_article, make_comment, make_moderator, make_user

AUTHOR = "Zebulon Quarrelsome"
TEXT = "unmistakable words of the removed comment"


PAGES = [
    "comments:comment_detail",
    "comments:reply",
    "comments:edit",
    "comments:delete",
    "comments:report",
    "comments:history",
    "comments:appeal",
    "comments:vote",
    # The moderators' forms in the thread: everyone else is refused before the comment is read.
    "comments:hide",
    "comments:unhide",
    "comments:lock_replies",
    "comments:unlock_replies",
    "comments:suspend_author",
]


def test_the_list_of_pages_is_every_page_that_takes_a_comment_id():
    resolver = get_resolver().namespace_dict["comments"][1]
    taking_an_id = {
        f"comments:{name}"
        for name in resolver.reverse_dict
        if isinstance(name, str) and "pk" in resolver.reverse_dict.getlist(name)[0][0][0][1]
    }
    assert taking_an_id == set(PAGES)


@pytest.fixture
def removed(db, request):
    article = make_article()
    author = make_user("zebulon")
    comment = make_comment(article, author=author, author_name=AUTHOR, body=TEXT)
    reply = make_comment(article, comment, body="A reply that stays.")
    Comment.objects.filter(pk=comment.pk).update(state=request.param)
    return comment, reply


@pytest.mark.parametrize("removed", [Comment.State.HIDDEN, Comment.State.DELETED], indirect=True)
@pytest.mark.parametrize("reader", ["anonymous", "another reader"])
def test_no_page_names_the_author_or_quotes_the_text(client, removed, reader):
    comment, reply = removed
    if reader == "another reader":
        client.force_login(make_user("bystander"))
    urls = [comment.article.get_absolute_url()]
    urls += [reverse(name, args=[pk]) for name in PAGES for pk in (comment.pk, reply.pk)]
    # A thread continued past a page's cut, and its order: the same page, the same rules.
    urls += [f"{comment.get_permalink()}?after={reply.pk}", f"{reply.get_permalink()}?sort=best"]
    for url in urls:
        response = client.get(url, follow=True)
        page = response.content.decode()
        assert response.status_code < 500, url
        assert AUTHOR not in page, url
        assert "zebulon" not in page, url
        assert TEXT not in page, url


@pytest.mark.parametrize("removed", [Comment.State.HIDDEN], indirect=True)
def test_moderators_still_see_who_wrote_it_and_what(client, removed):
    comment, _ = removed
    client.force_login(make_moderator())
    page = client.get(comment.get_permalink()).content.decode()
    assert AUTHOR in page and TEXT in page
