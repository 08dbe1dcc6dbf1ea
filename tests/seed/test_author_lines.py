import pytest

from comments.author_lines import looks_like_name, parse_unrecorded
from comments.document import DocumentError

HEAD = "Title\n\nDeck\n\nThe article's only paragraph, long enough to be prose and not a name.\n\n"


@pytest.mark.parametrize(
    "line",
    [
        "Brother Ma",
        "Old Timer 1956 !",
        "northerntruthseeker .",
        "K. O'Brien-Smith",
        "Zoë Lefèvre",
        "Иван Петров",
        "李小龙",
    ],
)
def test_names_are_read_as_author_lines(line):
    assert looks_like_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "Gee. I hope you are right!",
        "Why ?",
        "Both of you",
        "Good. Syria needs all the help they can get.",
        "https://example.org/page",
        "Thanks, I missed that.",
        "Line one\nline two",
    ],
)
def test_remarks_and_links_are_not_read_as_author_lines(line):
    assert not looks_like_name(line)


def test_a_scrape_splits_into_comments_with_anonymous_multiline_and_link_only_comments():
    text = (
        HEAD
        + "Old Timer 1956 !\n\nFirst line of a paragraph\nand its second line.\n\nA second paragraph.\n\n\n"
        + "Nobody signed this one.\n\n"
        + "K. O'Brien-Smith\n\nhttps://example.org/figures\n\n"
        + "Иван Петров\n\nGood point.\n"
    )
    document = parse_unrecorded(text)
    assert [comment.author for comment in document.comments] == [
        "Old Timer 1956 !",
        "",
        "K. O'Brien-Smith",
        "Иван Петров",
    ]
    assert document.comments[0].body == "First line of a paragraph\nand its second line.\n\nA second paragraph."
    assert document.comments[1].body == "Nobody signed this one."
    assert document.comments[2].body == "https://example.org/figures"
    assert all(comment.parent is None for comment in document.comments)


def test_the_line_after_an_author_line_is_always_comment_text():
    document = parse_unrecorded(HEAD + "Ann\n\nBen Smith\n\nCy\n\nHello.\n")
    assert [(comment.author, comment.body) for comment in document.comments] == [("Ann", "Ben Smith"), ("Cy", "Hello.")]


def test_an_author_line_with_no_comment_is_refused_naming_the_line():
    with pytest.raises(DocumentError, match="line 7: the author line 'Ann' has no comment after it"):
        parse_unrecorded(HEAD + "Ann\n")


def test_a_scrape_with_no_author_line_is_refused_naming_the_line():
    with pytest.raises(DocumentError, match="line 5: no author line found"):
        parse_unrecorded(HEAD)
