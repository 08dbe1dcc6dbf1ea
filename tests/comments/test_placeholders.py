"""Hidden and deleted comments keep their place and their replies; their text never reaches readers."""

from django.contrib.auth.models import Permission

from comments.models import Comment
from tests.builders import make_article, make_comment, make_user
from tests.html_checks import assert_valid_html, meta_description, text_of

SECRET = "something nasty about the neighbours"


def make_moderator():
    moderator = make_user("moderator", is_staff=True)
    moderator.user_permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="comments")
    )
    return moderator


def thread_with(state: str, *, public_reason: str = ""):
    article = make_article(title="Gardens")
    author = make_user("troll")
    comment = make_comment(article, body=SECRET, author=author)
    reply = make_comment(article, comment, body="a calm reply")
    Comment.objects.filter(pk=comment.pk).update(state=state, public_reason=public_reason)
    comment.refresh_from_db()
    return article, comment, reply


def assert_nothing_leaks(html: str) -> None:
    assert SECRET not in html
    assert "troll" not in html
    assert "nasty" not in html


def test_hidden_comment_shows_a_placeholder_and_keeps_its_replies(client, db):
    article, hidden, reply = thread_with(Comment.State.HIDDEN)
    html = client.get(article.get_absolute_url()).content.decode()
    document = assert_valid_html(html)
    item = document.find(f".//li[@id='c{hidden.pk}']")
    assert "is-hidden" in item.get("class")
    assert text_of(item.find("article/details/p[@class='placeholder']")) == "[removed by a moderator]"
    assert text_of(item.find(".//summary//span[@class='author']")) == "[removed]"
    assert item.find(f".//li[@id='c{reply.pk}']") is not None
    assert "a calm reply" in html
    assert_nothing_leaks(html)


def test_public_reason_shows_in_the_placeholder(client, db):
    article, hidden, _ = thread_with(Comment.State.HIDDEN, public_reason="personal attack")
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    placeholder = document.find(f".//li[@id='c{hidden.pk}']/article/details/p[@class='placeholder']")
    assert text_of(placeholder) == "[removed by a moderator: personal attack]"


def test_deleted_comment_shows_deleted_and_keeps_its_replies(client, db):
    article, deleted, reply = thread_with(Comment.State.DELETED)
    html = client.get(article.get_absolute_url()).content.decode()
    document = assert_valid_html(html)
    item = document.find(f".//li[@id='c{deleted.pk}']")
    assert text_of(item.find("article/details/p[@class='placeholder']")) == "[deleted]"
    assert text_of(item.find(".//summary//span[@class='author']")) == "[deleted]"
    assert item.find(f".//li[@id='c{reply.pk}']") is not None
    assert_nothing_leaks(html)


def test_permalink_page_of_a_hidden_comment_leaks_nothing(client, db):
    _, hidden, reply = thread_with(Comment.State.HIDDEN)
    for comment in (hidden, reply):  # as the focal comment, and as an ancestor of its reply
        html = client.get(comment.get_permalink()).content.decode()
        document = assert_valid_html(html)
        assert_nothing_leaks(html)
        assert "troll" not in text_of(next(document.iter("title")))
        assert SECRET not in meta_description(document)
        assert "[removed by a moderator]" in text_of(document)


def test_deleted_comment_page_leaks_nothing(client, db):
    _, deleted, _ = thread_with(Comment.State.DELETED)
    html = client.get(deleted.get_permalink()).content.decode()
    assert_valid_html(html)
    assert_nothing_leaks(html)
    assert "[deleted]" in html


def test_moderator_sees_hidden_text_marked_as_hidden(client, db):
    article, hidden, _ = thread_with(Comment.State.HIDDEN, public_reason="spam")
    client.force_login(make_moderator())
    for url in (article.get_absolute_url(), hidden.get_permalink()):
        document = assert_valid_html(client.get(url).content.decode())
        item = document.find(f".//li[@id='c{hidden.pk}']")
        assert text_of(item.find(".//p[@class='placeholder']")) == "[removed by a moderator: spam]"
        marked = item.find(".//div[@class='comment-body hidden-text']")
        assert text_of(marked.find("p[@class='hidden-note']")).startswith("Hidden by a moderator")
        assert SECRET in text_of(marked)
        assert text_of(item.find(".//span[@class='author']")) == "troll"


def test_staff_without_the_moderation_permission_sees_only_the_placeholder(client, db):
    article, _, _ = thread_with(Comment.State.HIDDEN)
    client.force_login(make_user("staffer", is_staff=True))
    assert_nothing_leaks(client.get(article.get_absolute_url()).content.decode())
