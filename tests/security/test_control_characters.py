"""NUL and other control characters are refused by every path that writes user text.

PostgreSQL rejects NUL in text outright (which would be a 500); the rest are junk or
terminal escapes aimed at whoever reads logs and exports. Line breaks and tabs are text.
Each path must refuse with a message, keep what was typed, and write nothing.
"""

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from comments.admin.comments import CommentEditForm
from comments.admin.hiding import HideForm
from comments.admin.suspensions import SuspensionForm
from comments.models import Comment, Report, Suspension
from comments.transfer import export_thread
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_user

CONTROL_CHARACTERS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]


def hostile(character: str) -> str:
    return f"Looks fine{character}[31m until a terminal shows it"


@pytest.fixture
def author(client, db):
    user = make_user("author")
    client.force_login(user)
    return user


def refused(response, typed: str | None = None) -> None:
    assert response.status_code in {200, 400}
    html = response.content.decode()
    # Django's own check names NUL; the forum's names the other control characters.
    assert "control character" in html or "Null characters are not allowed" in html
    if typed is not None:
        assert "until a terminal shows it" in html  # the typed text is given back to fix


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_a_new_comment_is_refused(client, author, character):
    article = make_article()
    response = client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": hostile(character)})
    refused(response, typed=hostile(character))
    assert not Comment.objects.exists()


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_a_reply_is_refused(client, author, character):
    parent = make_comment(make_article())
    response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": hostile(character)})
    refused(response, typed=hostile(character))
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_an_edit_is_refused(client, author, character):
    comment = make_comment(make_article(), author=author, body="original")
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": hostile(character)})
    refused(response, typed=hostile(character))
    comment.refresh_from_db()
    assert comment.body == "original"


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_report_details_are_refused(client, author, character):
    comment = make_comment(make_article())
    response = client.post(
        reverse("comments:report", args=[comment.pk]), {"reason": "other", "details": hostile(character)}
    )
    refused(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_a_username_with_a_control_character_is_refused_at_sign_up(client, db, character):
    response = client.post(
        reverse("signup"),
        {"username": f"e{character}ve", "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )
    assert response.status_code in {200, 400}
    assert "username" in response.content.decode().lower()
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_the_admin_refuses_them_in_a_moderators_edit_and_reasons(db, character):
    comment = make_comment(make_article(), body="original")
    edit = CommentEditForm({"body": hostile(character), "edit_reason": "typo"}, instance=comment)
    assert "body" in edit.errors
    reason = CommentEditForm({"body": "fixed", "edit_reason": hostile(character)}, instance=comment)
    assert "edit_reason" in reason.errors
    assert "reason" in HideForm({"reason": hostile(character), "public": "on"}).errors
    suspension = SuspensionForm(
        {"user": make_user().pk, "until": timezone.now() + timezone.timedelta(days=1), "reason": hostile(character)}
    )
    assert "reason" in suspension.errors
    comment.refresh_from_db()
    assert comment.body == "original"
    assert not Suspension.objects.exists()


@pytest.mark.parametrize("field", ["title", "deck", "body"])
@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_the_admin_refuses_them_in_an_article(db, field, character):
    request = RequestFactory().post("/admin/forum/article/add/")
    request.user = make_user("editor", is_staff=True, is_superuser=True)
    form_class = admin.site._registry[Article].get_form(request)
    data = {"title": "A title", "slug": "a-title", "deck": "", "body": "Text.", "published_0": "2026-01-01"}
    data |= {"published_1": "10:00", "comments_open": "on", field: hostile(character)}
    form = form_class(data)
    assert field in form.errors
    assert "control character" in str(form.errors[field]) or character == "\x00"


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
def test_the_import_command_refuses_them(db, tmp_path, character):
    article = make_article(slug="exported")
    make_comment(article, body="fine")
    document = export_thread(article)
    document["article"]["slug"] = "imported"
    document["comments"][0]["body"] = hostile(character)
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="control character"):
        call_command("import_thread", str(path), verbosity=0)
    assert not Article.objects.filter(slug="imported").exists()


def test_line_breaks_and_tabs_are_text(client, author):
    article = make_article()
    body = "First line\r\nsecond line\n\n\tindented paragraph"
    response = client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": body})
    assert response.status_code == 302
    assert Comment.objects.get().body == body.replace("\r\n", "\n")
