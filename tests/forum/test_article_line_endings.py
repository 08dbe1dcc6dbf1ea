"""Text typed into any textarea keeps its paragraphs: the CRLF browsers send is stored as LF."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from comments.admin.hiding import HideForm
from comments.forms import CommentForm, ReportForm
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db


def paragraphs_on_page(client, article: Article) -> list[str]:
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    return re.findall(r"<p>(.*?)</p>", body, re.S)


def test_saving_the_seed_article_in_admin_keeps_its_paragraphs(client, seed_article):
    before = paragraphs_on_page(client, seed_article)
    assert len(before) == 5
    client.force_login(make_moderator(password=None))
    published = timezone.localtime(seed_article.published)
    response = client.post(
        reverse("admin:forum_article_change", args=[seed_article.pk]),
        {
            "title": seed_article.title,
            "slug": seed_article.slug,
            "deck": seed_article.deck,
            "body": seed_article.body.replace("\n", "\r\n"),  # what a browser sends from the textarea
            "source_url": seed_article.source_url,
            "published_0": published.strftime("%Y-%m-%d"),
            "published_1": published.strftime("%H:%M:%S"),
            "comments_open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    seed_article.refresh_from_db()
    assert "\r" not in seed_article.body
    after = paragraphs_on_page(client, seed_article)
    assert after == before
    assert not any("<br>" in paragraph for paragraph in after)


def test_an_article_stored_with_crlf_still_shows_its_paragraphs(client):
    article = make_article(body="One.\r\n\r\nTwo.\r\n\r\nThree.")
    assert paragraphs_on_page(client, article) == ["One.", "Two.", "Three."]


def textarea_fields(form) -> dict:
    return {name: field for name, field in form.fields.items() if isinstance(field.widget, forms.Textarea)}


def test_every_textarea_in_the_moderators_admin_and_the_readers_forms_stores_lf():
    moderator = make_moderator(password=None)
    comment = make_comment(make_article(), author=make_user(password=None))
    request = RequestFactory().get("/admin/")
    request.user = moderator
    found = []
    for model_admin in admin.site._registry.values():
        if not model_admin.has_view_permission(request):
            continue
        obj = model_admin.model._default_manager.first() if model_admin.model is not Article else comment.article
        for instance in (None, obj):
            if instance is None and not model_admin.has_add_permission(request):
                continue
            if instance is not None and not model_admin.has_change_permission(request, instance):
                continue
            form_class = model_admin.get_form(request, instance, change=instance is not None)
            for name, field in textarea_fields(form_class(instance=instance)).items():
                found.append((model_admin.model._meta.model_name, name))
                assert field.to_python("a\r\n\r\nb\rc") == "a\n\nb\nc", (model_admin, name)
    for form_class in (HideForm, ReportForm, CommentForm):
        for name, field in textarea_fields(form_class()).items():
            found.append((form_class.__name__, name))
            assert field.to_python("a\r\n\r\nb\rc") == "a\n\nb\nc", (form_class, name)
    assert {("article", "body"), ("suspension", "reason"), ("HideForm", "reason"), ("comment", "body")} <= set(found)
