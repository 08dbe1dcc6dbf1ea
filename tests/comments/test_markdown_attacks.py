"""Hostile Markdown renders inert: the XSS corpus, Markdown's own ways to make a link or an
image, and inputs built to make a parser slow or deep. (Every page is checked with the same
corpus in tests/security/test_xss.py; this is the renderer alone, in both markups.)"""

import time

import pytest

from comments.rendering import Markup, render_body
from tests.html_checks import parse_strict
from tests.security.test_xss import PAYLOADS, executable_parts

ATTACKS = [
    "[x](javascript:alert('XSS'))",
    "[x](JaVaScRiPt:alert('XSS'))",
    "[x]( javascript:alert('XSS'))",
    "[x](<javascript:alert('XSS')>)",
    "[x](java\tscript:alert('XSS'))",
    "[x](java&#x73;cript:alert('XSS'))",
    "[x](&#106;avascript:alert('XSS'))",
    "[x](javascript&colon;alert('XSS'))",
    "[x](vbscript:msgbox('XSS'))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=)",
    "[x](file:///etc/passwd)",
    "<javascript:alert('XSS')>",
    "<JAVASCRIPT:alert('XSS')>",
    "<data:text/html,<script>alert('XSS')</script>>",
    "javascript:alert('XSS') as a bare address",
    "![x](javascript:alert('XSS'))",
    "![x](https://evil.example/XSS.png)",
    "![x](data:image/svg+xml,<svg onload=alert('XSS')>)",
    "[x][XSS]\n\n[XSS]: javascript:alert('XSS')",
    "[XSS]\n\n[XSS]: <javascript:alert('XSS')> 'title'",
    "[x][XSS]\n\n[XSS]: https://example.org/ \"onmouseover=alert('XSS')\"",
    '[x](https://example.org/ "a\\" onmouseover=\\"alert(\'XSS\')")',
    "[x](https://example.org/\"onmouseover=\"alert('XSS'))",
    "[<img src=x onerror=alert('XSS')>](https://example.org/)",
    "`<script>alert('XSS')</script>`",
    "```\n</code></pre><script>alert('XSS')</script>\n```",
    "```html onload=alert('XSS')\nXSS\n```",
    "> <script>alert('XSS')</script>\n> - <svg onload=alert('XSS')>",
    "**<a href=\"javascript:alert('XSS')\">XSS</a>**",
    "~~<iframe src=javascript:alert('XSS')>~~",
    "<details open ontoggle=alert('XSS')>",
    "[XSS](https://example.org/) [XSS](mailto:someone@example.org) [XSS](tel:123) [XSS](ftp://example.org/)",
]


@pytest.mark.parametrize("markup", Markup.values)
@pytest.mark.parametrize("text", PAYLOADS + ATTACKS)
def test_hostile_text_renders_inert(markup, text):
    html = render_body(text, markup)
    assert executable_parts(html) == []
    assert "<img" not in html and "<script" not in html and "<iframe" not in html
    for link in parse_strict(f"<!doctype html><title>t</title>{html}").iter("a"):
        # Plain text keeps today's rendering, where a mangled address is a link without a target.
        assert link.get("href", "/").startswith(("http://", "https://", "mailto:", "/")), link.get("href")


def test_only_http_https_and_mailto_links_are_made():
    html = render_body(
        "[a](https://a.example/) [b](http://b.example/) [c](mailto:c@example.org) [d](tel:1)", "markdown"
    )
    assert html.count("<a ") == 3
    assert "[d](tel:1)" in html  # left as the text it was, not a link without a target


def test_every_link_is_nofollow_ugc_noopener():
    html = render_body("[a](https://a.example/) https://b.example/ <https://c.example/> d@example.org", "markdown")
    assert html.count("<a ") == html.count('rel="nofollow ugc noopener"') == 4


# Generous, and counted in this process's CPU time, so a busy shared machine does not fail it: each
# renders in a few milliseconds; a parser that backtracked quadratically on 10,000 characters would
# take tens of seconds, and one that recursed would overflow the stack.
PATHOLOGICAL_BUDGET_SECONDS = 3.0
PATHOLOGICAL = {
    "quotes": ">" * 10_000,
    "quotes spaced": "> " * 5_000,
    "quotes on lines": ">\n" * 5_000,
    "stars": "*" * 10_000,
    "list markers": "* " * 5_000,
    "underscores": "_" * 10_000,
    "open emphasis": "*a **b " * 1_400,
    "open brackets": "[" * 10_000,
    "open links": "[a](" * 2_500,
    "backticks": "`" * 10_000,
    "angle brackets": "<" * 10_000,
    "nested lists": "".join("  " * depth + "- x\n" for depth in range(95)),
    "quotes in lists": "> * 1. " * 1_400,
    "entities": "&#x6a;" * 1_600,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_nesting_renders_quickly_and_shallowly(name):
    started = time.process_time()
    html = render_body(PATHOLOGICAL[name], Markup.MARKDOWN)
    assert time.process_time() - started < PATHOLOGICAL_BUDGET_SECONDS
    assert html.count("<blockquote>") <= 20 and html.count("<ul>") + html.count("<ol") <= 20
    parse_strict(f"<!doctype html><title>t</title>{html}")  # well-formed, whatever came in
