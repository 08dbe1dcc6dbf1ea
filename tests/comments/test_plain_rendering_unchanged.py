"""Imported comments are plain text and render exactly as they did before comments were read
as Markdown. The reference (data/plain_rendering_reference.json) was rendered by the code of
that time: the seed discussion, and samples that would mean something in Markdown."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from comments.models import Comment
from comments.rendering import Markup, render_body
from comments.transfer import export_thread, import_thread
from tests.builders import make_article, make_comment

REFERENCE = json.loads((Path(__file__).parent / "data" / "plain_rendering_reference.json").read_text())
DOCUMENT = Path(settings.BASE_DIR) / "fixtures" / "000_bc8de53f18b3238f.txt"


def test_the_seed_discussion_renders_exactly_as_before(seed_article):
    comments = {str(comment.pk): comment for comment in seed_article.comments.all()}
    assert set(comments) == set(REFERENCE["seed_comments"])
    for pk, before in REFERENCE["seed_comments"].items():
        assert comments[pk].markup == Markup.PLAIN
        assert comments[pk].body == before["body"]
        assert comments[pk].body_html == before["html"]
        assert render_body(comments[pk].body, comments[pk].markup) == before["html"]  # and again, if re-rendered


def test_the_document_imported_into_the_database_is_plain_and_renders_as_before(db):
    call_command("import_document", str(DOCUMENT), verbosity=0)
    by_body = {before["body"]: before["html"] for before in REFERENCE["seed_comments"].values()}
    comments = list(Comment.objects.all())
    assert len(comments) == len(by_body)
    for comment in comments:
        assert (comment.markup, comment.body_html) == (Markup.PLAIN, by_body[comment.body])


@pytest.mark.parametrize(("text", "html"), REFERENCE["plain_samples"])
def test_plain_text_that_looks_like_markdown_renders_as_before(text, html):
    assert render_body(text, Markup.PLAIN) == html


def test_a_thread_exported_before_markdown_imports_as_plain_text(db):
    article = make_article(slug="before")
    make_comment(article, body="*stars* and > signs", markup=Markup.PLAIN)
    document = export_thread(article)
    for record in document["comments"]:
        del record["markup"]  # as written by the export of that time
    document["article"]["slug"] = "after"
    imported = import_thread(document).article
    comment = imported.comments.get()
    assert comment.markup == Markup.PLAIN
    assert comment.body_html == "<p>*stars* and &gt; signs</p>"


def test_an_exported_thread_keeps_each_comments_markup(db):
    article = make_article(slug="mixed")
    make_comment(article, body="*plain*", markup=Markup.PLAIN)
    make_comment(article, body="*markdown*")
    document = export_thread(article)
    document["article"]["slug"] = "mixed-copy"
    imported = import_thread(document).article
    assert [(c.markup, c.body_html) for c in imported.comments.order_by("tree_id")] == [
        (Markup.PLAIN, "<p>*plain*</p>"),
        (Markup.MARKDOWN, "<p><em>markdown</em></p>"),
    ]
