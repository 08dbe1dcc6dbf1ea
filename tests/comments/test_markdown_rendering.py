"""The Markdown subset comments are written in: CommonMark for what is allowed, text for the rest.

Examples are the CommonMark spec's (0.31.2, numbered), and GitHub's for strikethrough, with
the output this site stores: every link gets rel, single line breaks are kept.
"""

import pytest

from comments.rendering import Markup, render_body

REL = 'rel="nofollow ugc noopener"'


def md(text: str) -> str:
    return render_body(text, Markup.MARKDOWN)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Paragraphs (219), and a single line break kept as one (comments are not typeset prose).
        ("aaa\n\nbbb", "<p>aaa</p>\n<p>bbb</p>"),
        ("aaa\nbbb", "<p>aaa<br>\nbbb</p>"),
        # Hard line breaks (633, 634).
        ("foo  \nbaz", "<p>foo<br>\nbaz</p>"),
        ("foo\\\nbaz", "<p>foo<br>\nbaz</p>"),
        # Emphasis and strong (350, 378, 416).
        ("*foo bar*", "<p><em>foo bar</em></p>"),
        ("**foo bar**", "<p><strong>foo bar</strong></p>"),
        ("*foo **bar** baz*", "<p><em>foo <strong>bar</strong> baz</em></p>"),
        ("_foo_bar", "<p>_foo_bar</p>"),
        # Backslash escapes (12) and entities (25).
        ("\\*not emphasized*", "<p>*not emphasized*</p>"),
        ("&copy; &amp; &#35;", "<p>© &amp; #</p>"),
        # Code spans (328, 330) and code blocks, indentation kept (107, 108, 119).
        ("`foo`", "<p><code>foo</code></p>"),
        ('`<a href="x">`', '<p><code>&lt;a href="x"&gt;</code></p>'),
        ("    a simple\n      indented code block", "<pre><code>a simple\n  indented code block\n</code></pre>"),
        ("```\n<\n >\n```", "<pre><code>&lt;\n &gt;\n</code></pre>"),
        ("```python\ndef f():\n    return 1\n```", "<pre><code>def f():\n    return 1\n</code></pre>"),
        # Block quotes (228, 250).
        ("> bar\nbaz", "<blockquote>\n<p>bar<br>\nbaz</p>\n</blockquote>"),
        ("> foo\n>\n> > bar", "<blockquote>\n<p>foo</p>\n<blockquote>\n<p>bar</p>\n</blockquote>\n</blockquote>"),
        # Lists (301, 304, 306).
        ("- foo\n- bar\n+ baz", "<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n<ul>\n<li>baz</li>\n</ul>"),
        ("1. foo\n2. bar\n3) baz", '<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n<ol start="3">\n<li>baz</li>\n</ol>'),
        ("- foo\n  - bar", "<ul>\n<li>foo\n<ul>\n<li>bar</li>\n</ul>\n</li>\n</ul>"),
        # Links (482, 488, 594) and autolinks.
        ("[link](/uri)", f'<p><a href="/uri" {REL}>link</a></p>'),
        (
            "[the source](https://example.org/source)",
            f'<p><a href="https://example.org/source" {REL}>the source</a></p>',
        ),
        ("<http://foo.bar.baz>", f'<p><a href="http://foo.bar.baz" {REL}>http://foo.bar.baz</a></p>'),
        ("[foo][bar]\n\n[bar]: /url", f'<p><a href="/url" {REL}>foo</a></p>'),
        # Bare addresses, as people paste them.
        ("see https://example.org/a.", f'<p>see <a href="https://example.org/a" {REL}>https://example.org/a</a>.</p>'),
        ("www.example.com", f'<p><a href="http://www.example.com" {REL}>www.example.com</a></p>'),
        ("me@example.org", f'<p><a href="mailto:me@example.org" {REL}>me@example.org</a></p>'),
        # Strikethrough (GitHub's extension).
        ("~~Hi~~ Hello, world!", "<p><s>Hi</s> Hello, world!</p>"),
    ],
)
def test_the_allowed_subset_renders_as_commonmark(text, html):
    assert md(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Raw HTML is text (148, 613).
        ("<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"),
        ("<div>\n*hi*\n</div>", "<p>&lt;div&gt;<br>\n<em>hi</em><br>\n&lt;/div&gt;</p>"),
        ("<!-- note -->", "<p>&lt;!-- note --&gt;</p>"),
        # Images are links to the image, never loaded into the page.
        ("![alt](https://example.org/x.png)", f'<p>!<a href="https://example.org/x.png" {REL}>alt</a></p>'),
        # Headings are bold paragraphs, ATX and setext alike (62, 80).
        ("# foo\nbar", "<p><strong>foo</strong></p>\n<p>bar</p>"),
        ("Foo *bar*\n=========", "<p><strong>Foo <em>bar</em></strong></p>"),
        # A thematic break is its text.
        ("***", "<p>***</p>"),
        ("a\n\n---\n\nb", "<p>a</p>\n<p>---</p>\n<p>b</p>"),
        # Tables are not part of the subset.
        ("| a |\n| - |\n| b |", "<p>| a |<br>\n| - |<br>\n| b |</p>"),
    ],
)
def test_disallowed_constructs_render_as_text(text, html):
    assert md(text) == html


def test_a_link_title_and_a_code_language_are_dropped():
    assert md('[a](/u "title")') == f'<p><a href="/u" {REL}>a</a></p>'
    assert "class" not in md("```js\nx\n```")


def test_plain_text_is_not_read_as_markdown():
    assert render_body("*not emphasis* and > no quote") == "<p>*not emphasis* and &gt; no quote</p>"
