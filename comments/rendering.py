"""Turn a comment's plain text into the HTML stored beside it, once, when it is saved."""

import re

import nh3
from django.utils.html import escape, urlize

ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip("\n") for block in PARAGRAPH_BREAK.split(text) if block.strip()]


def render_body(text: str) -> str:
    """Escaped paragraphs with single line breaks kept and URLs made into links.

    Django's escape and urlize do the work; nh3 then removes anything outside a
    small allow-list, so no markup a user typed can survive into the page.
    """
    html_paragraphs = []
    for block in paragraphs(text):
        linked = urlize(escape(block), trim_url_limit=60, nofollow=True, autoescape=False)
        html_paragraphs.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return nh3.clean(
        "".join(html_paragraphs),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
