"""A thread export is input like any form: the import checks each field as the admin and sign-up would."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.transfer import export_thread
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_user


@pytest.fixture
def document(db) -> dict:
    article = make_article(slug="exported", source_url="https://example.com/original")
    make_comment(article, author=make_user("writer"), body="fine")
    exported = export_thread(article)
    exported["article"]["slug"] = "imported"
    return exported


def run_import(tmp_path, document: dict, *args: str) -> None:
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(document))
    call_command("import_thread", str(path), *args, verbosity=0)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil"]
)
def test_a_source_link_that_is_not_a_web_address_is_refused(tmp_path, document, url):
    document["article"]["source_url"] = url
    with pytest.raises(CommandError):
        run_import(tmp_path, document)
    assert not Article.objects.filter(slug="imported").exists()


def test_text_longer_than_its_field_is_refused(tmp_path, document):
    document["article"]["title"] = "x" * 301
    with pytest.raises(CommandError):
        run_import(tmp_path, document)
    assert not Article.objects.filter(slug="imported").exists()


@pytest.mark.parametrize("username", ["<script>alert(1)</script>", "two words", "x" * 151])
def test_a_username_sign_up_would_refuse_is_not_created(tmp_path, document, username):
    document["users"] = [username]
    document["comments"][0]["author"] = username
    with pytest.raises(CommandError, match="cannot be created"):
        run_import(tmp_path, document, "--create-users")
    assert not get_user_model().objects.filter(username=username).exists()


def test_a_stored_javascript_source_link_is_never_shown_as_a_link(client, db):
    article = make_article()
    article.source_url = "javascript:alert(1)"  # as an old row might hold
    article.save(update_fields=["source_url"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html


def test_a_web_source_link_is_shown(client, db):
    article = make_article(source_url="https://example.com/original")
    assert 'href="https://example.com/original"' in client.get(article.get_absolute_url()).content.decode()
