"""A browser for the scale demonstrations: a cookie jar valid on every host, forms filled in as a person would.

Requests go to anything with a `base` URL and a `name` (an app host, nginx); redirects are
answers to look at, not to follow.
"""

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from typing import Protocol

PASSWORD = "two hosts, one forum"  # throwaway accounts in a throwaway database
REQUEST_TIMEOUT_SECONDS = 30


class Failure(Exception):
    """A step of a demonstration did not hold."""


class Host(Protocol):
    name: str

    @property
    def base(self) -> str: ...


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    host: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


class _Forms(HTMLParser):
    """Every <form method="post"> of a page: its action and the values its fields would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self.forms.append((attributes.get("action", ""), {}))
        elif self.forms and tag == "input" and attributes.get("name"):
            if attributes.get("type", "text") not in {"checkbox", "radio", "submit"} or "checked" in attributes:
                self.forms[-1][1][attributes["name"]] = attributes.get("value", "")
        elif self.forms and tag == "select" and attributes.get("name"):
            self.forms[-1][1][attributes["name"]] = ""  # the caller chooses the option
        elif self.forms and tag == "textarea" and attributes.get("name"):
            self._textarea = attributes["name"]
            self.forms[-1][1][self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


class Browser:
    """One person's browser: a cookie jar valid on every host (cookies ignore the port)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def request(self, host: Host, path: str, data: dict[str, str] | None = None) -> Response:
        url = urllib.parse.urljoin(host.base, path)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310  our own http://127.0.0.1 servers
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_SECONDS) as answer:
                status, headers, raw = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        return Response(status, {k.lower(): v for k, v in headers.items()}, raw.decode(errors="replace"), host.name)

    def get(self, host: Host, path: str) -> Response:
        return self.request(host, path)

    def submit(self, host: Host, page: str, needs: str, values: dict[str, str]) -> Response:
        """Open `page` on `host`, fill in its post form that has a `needs` field, and send it there."""
        shown = self.get(host, page)
        if shown.status != 200:
            raise Failure(f"{self.name}: {page} on host {host.name} answered {shown.status}")
        return self.fill(host, page, shown, needs, values)

    def fill(self, host: Host, page: str, shown: Response, needs: str, values: dict[str, str]) -> Response:
        """Send the post form of `shown` (the answer for `page`) that has a `needs` field."""
        parser = _Forms()
        parser.feed(shown.text)
        for action, fields in parser.forms:
            if needs in fields:
                return self.request(host, urllib.parse.urljoin(page, action or page), {**fields, **values})
        raise Failure(f"{self.name}: no form with a {needs!r} field on {page} (host {host.name})")

    def log_in(self, host: Host, username: str) -> None:
        answer = self.submit(host, "/accounts/login/", "password", {"username": username, "password": PASSWORD})
        if answer.status != 302:
            raise Failure(f"{username} could not log in through host {host.name}: {answer.status}")
