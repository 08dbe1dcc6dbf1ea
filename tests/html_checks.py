"""An HTML validity check for server-rendered pages, shared by the page tests.

html5lib, in strict mode, raises on every parse error the WHATWG parsing algorithm
defines (a stray or misnested tag, a missing doctype, a bad attribute). A few content
rules the parser accepts silently, and that a template loop can break, are checked
on the parsed tree.
"""

from collections import Counter
from xml.etree.ElementTree import Element

import html5lib
from html5lib.html5parser import ParseError


def parse_strict(markup: str) -> Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(markup)
    except ParseError as error:
        line, column = parser.errors[-1][0] if parser.errors else ("?", "?")
        context = markup.splitlines()[line - 1] if isinstance(line, int) else ""
        raise AssertionError(f"HTML parse error {error} at line {line}, column {column}: {context.strip()}") from None


def assert_valid_html(markup: str) -> Element:
    """Parse `markup` strictly and check the rules below; returns the tree for further checks."""
    document = parse_strict(markup)
    assert markup.lstrip().lower().startswith("<!doctype html>"), "the page must start with <!doctype html>"
    assert document.get("lang"), "<html> needs a lang attribute"

    duplicated = [
        name for name, seen in Counter(e.get("id") for e in document.iter() if e.get("id")).items() if seen > 1
    ]
    assert not duplicated, f"ids used more than once: {duplicated}"

    for tag in ("ol", "ul"):
        for element in document.iter(tag):
            strays = [child.tag for child in element if child.tag not in {"li", "script", "template"}]
            assert not strays, f"<{tag}> holds {strays}: only <li> may sit in a list"
    for details in document.iter("details"):
        assert len(details) and details[0].tag == "summary", "<details> must start with its <summary>"
    for summary in document.iter("summary"):
        interactive = [e.tag for e in summary.iter() if e.tag in {"a", "button", "input", "select", "textarea"}]
        assert not interactive, f"<summary> holds interactive content {interactive}: it is itself the control"
    for anchor in document.iter("a"):
        assert anchor.get("href") is not None, "an <a> without href is not a link"
    heads = list(document.iter("title"))
    assert len(heads) == 1 and (heads[0].text or "").strip(), "a page needs exactly one non-empty <title>"
    assert len(list(document.iter("main"))) == 1, "a page needs exactly one <main>"
    assert len(list(document.iter("h1"))) == 1, "a page needs exactly one <h1>"
    return document


def meta_description(document: Element) -> str:
    for meta in document.iter("meta"):
        if meta.get("name") == "description":
            return meta.get("content", "")
    raise AssertionError("the page has no meta description")


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())
