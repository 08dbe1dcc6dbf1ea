"""Snippets are escaped and their marks always balanced, whatever characters the text holds."""

from forum.search.snippets import START, STOP, snippet_html
from forum.search.terms import read_terms


def test_marks_become_mark_tags_and_text_is_escaped():
    assert snippet_html(f"a <b> {START}word{STOP} & c") == "a &lt;b&gt; <mark>word</mark> &amp; c"


def test_unbalanced_markers_from_an_authors_text_never_unbalance_the_page():
    assert snippet_html(f"{STOP}x{START}y{START}z") == "x<mark>yz</mark>"


def test_terms_read_like_websearch():
    terms = read_terms('red "big apple" or pear -green')
    assert terms.websearch() == 'red "big apple" or pear -green'
    assert terms.fts5() == '("red" AND ("big apple" OR "pear")) NOT ("green")'


def test_only_exclusions_is_not_a_search():
    assert not read_terms("-green -blue").is_meaningful
