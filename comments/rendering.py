"""Turn a comment's text into the HTML stored beside it, once, when it is saved."""

import re

import nh3
from django.db import models
from django.utils.html import escape, urlize
from django.utils.safestring import SafeString, mark_safe

from comments import markdown
from comments.validation import normalise_text, without_bidi_controls


class Markup(models.TextChoices):
    PLAIN = "plain", "plain text"  # imported comments, written before Markdown was read
    MARKDOWN = "markdown", "Markdown"


ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = markdown.LINK_SCHEMES
LINK_REL = "nofollow ugc noopener"

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A link as nh3 writes it: quoted attributes (a quote inside one is &quot;), and links never nest.
LINK = re.compile(r'(<a(?: [a-z]+="[^"]*")*>)(.*?)(</a>)', re.DOTALL)


def paragraphs(text: str) -> list[str]:
    text = text.strip()
    return [block.strip("\n") for block in PARAGRAPH_BREAK.split(text) if block.strip()]


def plain_html(text: str) -> str:
    """Escaped paragraphs with single line breaks kept and URLs made into links."""
    html_paragraphs = []
    for block in paragraphs(text):
        linked = urlize(escape(block), trim_url_limit=60, nofollow=True, autoescape=False)
        html_paragraphs.append("<p>" + linked.replace("\n", "<br>") + "</p>")
    return "".join(html_paragraphs)


def render_body(text: str, markup: str = Markup.PLAIN) -> str:
    """The body as HTML: plain text escaped and linked by Django, or Markdown read by comments.markdown.

    The text is normalised first (no bidi override, no tower of combining marks, even in text
    stored before that rule); nh3 then removes anything outside a small allow-list, so no
    markup a user typed can survive into the page.
    """
    text = normalise_text(text)
    if markup == Markup.MARKDOWN:
        html, tags, attributes = markdown.markdown_html(text), markdown.ALLOWED_TAGS, markdown.ALLOWED_ATTRIBUTES
        classes = markdown.ALLOWED_CLASSES
    else:
        html, tags, attributes, classes = plain_html(text), ALLOWED_TAGS, ALLOWED_ATTRIBUTES, {}
    html = nh3.clean(
        html,
        tags=tags,
        attributes=attributes,
        # nh3 also keeps title and lang on every tag unless told otherwise: the allow-list is all.
        # Of classes, only allowed_classes' values get this far: a mention's link, nothing a writer could style.
        attribute_filter=lambda tag, name, value: (
            value if name in attributes.get(tag, ()) or name in ("rel", "class") else None
        ),
        allowed_classes=classes,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )
    # No direction mark inside a link's text, where it could make an address read as another.
    return LINK.sub(lambda link: link[1] + without_bidi_controls(link[2]) + link[3], html)


def rendered(text: str, markup: str) -> SafeString:
    """render_body() for a template: its output is escaped or sanitised by nh3, so it may be printed as is."""
    return mark_safe(render_body(text, markup))  # noqa: S308


def render_preview(text: str) -> SafeString:
    """What a comment written here will look like: the very function that saving runs."""
    return rendered(text, Markup.MARKDOWN)
