"""Classic XSS payloads through every user-controlled field; no page gives back anything that runs.

Each payload is put into every field a user (or an import) controls: comment body,
author name, username, article title, deck, body and source link, report details, hide
reason (public and logged) and suspension reason. Then every page that shows those
fields is parsed, and must hold no event handler, no script but the site's own files,
no javascript:/data: URL, no frame, object, base or refresh, and the payload's own
markup nowhere but as text. The payload must also show up, escaped, on the pages, so a
field that silently stopped being shown cannot make this test pass.
"""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_user

MARKER = "XSS"
PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    "<svg onload=alert('XSS')>",
    "<svg><script>alert('XSS')</script></svg>",
    '"><script>alert("XSS")</script>',
    "' onmouseover='alert(\"XSS\")' x='",
    '" autofocus onfocus="alert(`XSS`)',
    "</title><script>alert('XSS')</script>",
    "</textarea><script>alert('XSS')</script>",
    "javascript:alert('XSS')",
    "JaVaScRiPt:alert('XSS')",
    " javascript:alert('XSS')",
    "java&#x09;script:alert('XSS')",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert('XSS')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=#XSS",
    "<a href=\"javascript:alert('XSS')\">click</a>",
    "<a href=\"data:text/html,<script>alert('XSS')</script>\">XSS</a>",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    '<object data="data:text/html,XSS"></object>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
    '<base href="//evil.example/XSS/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS\')">',
    "<<script>script>alert('XSS')<</script>/script>",
    "http://example.com/\"onmouseover=\"alert('XSS')",
    "https://example.com/<script>alert('XSS')</script>",
    "{{ XSS }}{% debug %}${XSS}",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping", "srcset"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# Attributes whose value is shown or submitted as text, never run.
TEXT_ATTRIBUTES = {"value", "title", "content", "alt", "aria-label", "placeholder", "data-value"}
SAFE_SCHEMES = re.compile(r"^(https?:|mailto:|[/?#.]|[^:]*$)")


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.stack: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self.stack.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        if self.stack and self.stack[-1] == "title":
            self.title += data


def normalised_url(value: str) -> str:
    # What a browser would see: no whitespace or control characters, any case.
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def executable_parts(html: str) -> list[str]:
    """Everything in the page that could run script or load a foreign page."""
    parser = PageParser()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attrs in parser.elements:
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "meta" and any(name == "http-equiv" and (value or "").lower() == "refresh" for name, value in attrs):
            found.append("<meta http-equiv=refresh>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and not SAFE_SCHEMES.match(normalised_url(value)):
                found.append(f"<{tag} {name}={value!r}>")
            if MARKER in value and name not in TEXT_ATTRIBUTES and name not in URL_ATTRIBUTES:
                found.append(f"<{tag} {name}={value!r}>: user text in an attribute that is not text")
            if (
                MARKER in value
                and name in URL_ATTRIBUTES
                and not normalised_url(value).startswith(("http", "/", "?", "#"))
            ):
                found.append(f"<{tag} {name}={value!r}>: user text as a URL")
    for attrs, text in parser.scripts:
        source = attrs.get("src") or ""
        if source:
            if not source.startswith(("/static/", "/admin/jsi18n/")):  # the site's own files only
                found.append(f"<script src={source!r}>")
        elif attrs.get("type") == "application/json":
            json.loads(text)  # data, and well-formed: nothing broke out of it
        else:
            found.append(f"inline <script>{text[:60]}")
        if MARKER in text and attrs.get("type") != "application/json":
            found.append("user text inside a <script>")
    return found


@pytest.fixture
def moderator(db):
    return make_user("moderator", is_staff=True, is_superuser=True)


def build_world(payload: str, moderator) -> dict:
    """Every user-controlled field holding the payload (cut to the field's length)."""
    reader = make_user(f"reader{abs(hash(payload)) % 10**6}")
    # Usernames this hostile cannot be signed up for, but an import or an old database may hold one.
    hostile_user = make_user(payload[:150])
    article = make_article(title=payload[:300], deck=payload[:500], body=f"{payload}\n\n{payload}")
    article.source_url = payload[:500]
    article.save(update_fields=["source_url"])  # what an import could once have stored
    root = make_comment(article, author=hostile_user, body=payload)
    named = make_comment(article, root, author_name=payload[:150], body=f"Text with {payload} inside")
    hidden = make_comment(article, root, author=hostile_user, body=payload)
    hidden.hide(by=moderator, reason=payload[:200], public=True)
    report = Report.objects.create(comment=named, reporter=reader, reason="other", details=payload[:500])
    suspension = Suspension.suspend(
        reader, until=timezone.now() + timedelta(days=1), reason=payload[:500], by=moderator
    )
    return {
        "article": article,
        "root": root,
        "named": named,
        "hidden": hidden,
        "report": report,
        "suspension": suspension,
        "reader": reader,
        "hostile_user": hostile_user,
    }


def pages(world: dict) -> list[tuple[str, str]]:
    """(who, url) for every page that shows a user-controlled field."""
    article, root, named = world["article"], world["root"], world["named"]
    log_entry = ModerationAction.objects.filter(comment=world["hidden"]).first()
    return [
        ("anonymous", reverse("forum:front_page")),
        ("anonymous", article.get_absolute_url()),
        ("anonymous", root.get_permalink()),
        ("anonymous", named.get_permalink()),
        ("moderator", article.get_absolute_url()),  # hidden text shown to moderators
        ("hostile_user", reverse("comments:edit", args=[root.pk])),
        ("hostile_user", article.get_absolute_url()),  # the header's signed-in name
        ("reader", reverse("comments:reply", args=[root.pk])),  # suspended: the reason is shown
        ("reader", reverse("comments:report", args=[root.pk])),
        ("moderator", reverse("admin:comments_comment_changelist")),
        ("moderator", reverse("admin:comments_comment_changelist") + "?q=XSS"),
        ("moderator", reverse("admin:comments_comment_change", args=[root.pk])),
        ("moderator", reverse("admin:comments_comment_change", args=[named.pk])),
        ("moderator", reverse("admin:comments_comment_change", args=[world["hidden"].pk])),
        ("moderator", reverse("admin:comments_reportedcomment_changelist")),
        ("moderator", reverse("admin:comments_report_changelist")),
        ("moderator", reverse("admin:comments_report_change", args=[world["report"].pk])),
        ("moderator", reverse("admin:comments_suspension_changelist")),
        ("moderator", reverse("admin:comments_suspension_change", args=[world["suspension"].pk])),
        ("moderator", reverse("admin:comments_moderationaction_changelist")),
        ("moderator", reverse("admin:comments_moderationaction_change", args=[log_entry.pk])),
        ("moderator", reverse("admin:forum_article_changelist")),
        ("moderator", reverse("admin:forum_article_change", args=[article.pk])),
        ("moderator", reverse("admin:auth_user_changelist")),
        ("moderator", reverse("admin:auth_user_change", args=[world["hostile_user"].pk])),
    ]


# A few payloads share each run, one after the other in every field (cut to the field's
# length), so the whole corpus goes through every page in a few seconds.
GROUPS = [PAYLOADS[start : start + 4] for start in range(0, len(PAYLOADS), 4)]


@pytest.mark.parametrize("group", GROUPS, ids=[f"payloads-{n * 4 + 1}-{n * 4 + len(g)}" for n, g in enumerate(GROUPS)])
def test_no_payload_comes_back_executable(db, moderator, group):
    payload = " ".join(group)
    world = build_world(payload, moderator)
    world["moderator"] = moderator
    clients = {"anonymous": Client()}
    for who in ("moderator", "hostile_user", "reader"):
        clients[who] = Client()
        clients[who].force_login(world[who])
    shown_on = 0
    for who, url in pages(world):
        response = clients[who].get(url)
        assert response.status_code in {200, 403}, (who, url, response.status_code)
        html = response.content.decode()
        assert "Content-Security-Policy" in response, url
        assert executable_parts(html) == [], (who, url)
        for one in group:
            if "<" in one:
                assert one not in html, (who, url, one)  # the markup only ever appears escaped
        shown_on += MARKER in html
    assert shown_on == len(pages(world))  # the fields really were on every page


def test_the_checker_finds_what_it_looks_for():
    # The parser-based checks above are only as good as this: each known-bad page is caught.
    bad_pages = [
        "<p><script>alert('XSS')</script></p>",
        '<img src="x" onerror="alert(1)">',
        '<a href=" JaVa\tScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,hi">x</a>',
        '<iframe src="/"></iframe>',
        '<base href="//evil.example/">',
        '<meta http-equiv="Refresh" content="0;url=/">',
        '<script src="//evil.example/x.js"></script>',
        '<div class="XSS">x</div>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    ]
    for page in bad_pages:
        assert executable_parts(page), page
    assert executable_parts('<p title="XSS">&lt;script&gt;XSS</p><script src="/static/js/forum.js"></script>') == []
