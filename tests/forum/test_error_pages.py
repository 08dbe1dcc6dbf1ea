"""Friendly error pages: a reader who mistypes an address or hits a bug sees the site, not a traceback."""

import pytest
from django.http import HttpRequest
from django.urls import include, path

from forum import urls as forum_urls
from tests.html_checks import assert_valid_html, text_of


def broken_view(request: HttpRequest):
    raise RuntimeError("a bug with a secret in its message")


urlpatterns = [path("broken/", broken_view), path("", include("forum.urls"))]
handler500 = forum_urls.handler500  # the site's own error view, as in production


@pytest.mark.parametrize("path", ["/no/such/page/", "/a/Not A Slug/", "/c/x/", "/a/unknown-article/"])
def test_unknown_address_is_a_friendly_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    document = assert_valid_html(response.content.decode())
    assert text_of(next(document.iter("h1"))) == "Page not found"
    assert document.find(".//main//a[@href='/']") is not None, "the page offers a way back"
    assert text_of(next(document.iter("title"))).startswith("Page not found")


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_is_a_friendly_500_without_details(client, db, settings):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    document = assert_valid_html(html)
    assert text_of(next(document.iter("h1"))) == "Something went wrong"
    assert text_of(next(document.iter("title"))) == f"Something went wrong · {settings.SITE_NAME}"
    assert "secret" not in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
