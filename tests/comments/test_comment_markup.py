"""Each comment says how its body is read: the forms write Markdown, imports plain text, and an
edit by the author or a moderator keeps the kind the comment has."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from comments.models import Comment
from comments.rendering import Markup
from tests.builders import make_article, make_comment, make_moderator


@pytest.fixture
def article(db):
    return make_article()


def test_a_new_comment_from_the_form_is_markdown(client, alice, article):
    client.force_login(alice)
    client.post(
        reverse("comments:comment_on_article", args=[article.slug]),
        {"body": "*really* [the source](https://example.org/s)"},
    )
    comment = Comment.objects.get()
    assert comment.markup == Markup.MARKDOWN
    assert comment.body == "*really* [the source](https://example.org/s)"  # the source kept for editing
    assert comment.body_html == (
        '<p><em>really</em> <a href="https://example.org/s" rel="nofollow ugc noopener">the source</a></p>'
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<em>really</em>" in page


def test_a_reply_from_the_form_is_markdown_with_its_indentation_kept(client, alice, article):
    parent = make_comment(article)
    client.force_login(alice)
    client.post(reverse("comments:reply", args=[parent.pk]), {"body": "```\r\ndef f():\r\n    return 1\r\n```"})
    reply = Comment.objects.get(parent=parent)
    assert reply.markup == Markup.MARKDOWN
    assert reply.body_html == "<pre><code>def f():\n    return 1\n</code></pre>"


@pytest.mark.parametrize(
    ("markup", "html"),
    [(Markup.PLAIN, "<p>now *edited*</p>"), (Markup.MARKDOWN, "<p>now <em>edited</em></p>")],
)
def test_the_authors_edit_keeps_the_markup(client, alice, article, markup, html):
    comment = make_comment(article, author=alice, body="first", markup=markup)
    client.force_login(alice)
    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "now *edited*"})
    comment.refresh_from_db()
    assert (comment.markup, comment.body_html) == (markup, html)


@pytest.mark.parametrize(
    ("markup", "html"),
    [
        (Markup.PLAIN, "<p>[removed] *by* a moderator</p>"),
        (Markup.MARKDOWN, "<p>[removed] <em>by</em> a moderator</p>"),
    ],
)
def test_a_moderators_edit_in_admin_keeps_the_markup(client, article, markup, html):
    moderator = make_moderator(password=None)
    comment = make_comment(article, body="my phone number", markup=markup)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {
            "body": "[removed] *by* a moderator",
            "edit_reason": "personal data",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.markup, comment.body_html) == (markup, html)


def test_an_edit_is_rendered_with_normalised_line_endings(alice, article):
    comment = make_comment(article, author=alice, body="first")
    comment.edit(by=alice, body="a\r\nb\rc")
    comment.refresh_from_db()
    assert comment.body == "a\nb\nc"
    assert comment.body_html == "<p>a<br>\nb<br>\nc</p>"


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_existing_comments_plain_and_neutralises_their_text():
    executor = MigrationExecutor(connection)
    executor.migrate([("comments", "0002_moderation_permission_and_report_queue")])
    old_apps = executor.loader.project_state([("comments", "0002_moderation_permission_and_report_queue")]).apps
    article = old_apps.get_model("forum", "Article").objects.create(title="t", slug="t", body="b")
    old_apps.get_model("comments", "Comment").objects.create(
        article=article,
        author_name="name\u202e",
        body="*old* https://evil.example/\u202egepj.exe e" + "\u0301" * 50,
        body_html="<p>stored before</p>",
        tree_id=1,
        lft=1,
        rght=2,
        level=0,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    comment = Comment.objects.get()
    assert comment.markup == Markup.PLAIN
    assert comment.author_name == "name"
    assert comment.body == "*old* https://evil.example/gepj.exe e" + "\u0301" * 4
    assert comment.body_html.startswith("<p>*old* <a href=")
    assert "\u202e" not in comment.body_html
