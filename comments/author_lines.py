"""Split a scraped document into comments when no replies file says where each begins.

The scrape puts each comment's author on a line of its own, but nothing marks
that line as a name rather than a one-line paragraph. A line is read as an
author line when it looks like a name (short, one line, no sentence in it, no
link) and it follows comment text; an extra blank line is a commenter with no
name; the line right after an author line is always that comment's text. Where
two name-like lines follow each other, the one that appears elsewhere as an
author wins, else the first. Every comment comes back as top-level: the
structure is drafted separately (comments.reply_draft).
"""

import re
from pathlib import Path

from comments.document import (
    Block,
    DocumentError,
    ParsedComment,
    ParsedDocument,
    read_head,
    read_text,
    reject_empty_blocks,
    split_blocks,
)

MAX_NAME_LENGTH = 40  # forum display names are short; a longer line is a sentence
MAX_NAME_WORDS = 5  # "Old Timer 1956 !" is four; five words of prose is already a sentence
# Abbreviations that end in a full stop inside a name without ending a sentence.
NAME_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "jr", "sr", "prof", "rev", "gen", "col", "capt", "lt"}
# Words a name does not use but a short remark does ("Both of you", "I agree", "Me too").
REMARK_WORDS = {
    "i", "i'm", "me", "my", "you", "you're", "your", "we", "our", "he", "she", "they", "them", "it", "it's",
    "is", "are", "was", "were", "am", "be", "been", "not", "don't", "can't", "isn't", "this", "that",
    "agree", "agreed", "exactly", "indeed", "thanks", "thank", "yes", "no", "lol", "wow", "true", "nonsense",
}  # fmt: skip
WORD = re.compile(r"[^\W_][\w'\u2019.-]*", re.UNICODE)


def looks_like_name(text: str) -> bool:
    """True for "Brother Ma", "northerntruthseeker .", "K. O'Brien-Smith", "Zoë Ł."; false for prose and links."""
    text = text.strip()
    if not text or "\n" in text or len(text) > MAX_NAME_LENGTH:
        return False
    if "?" in text or "://" in text or text.lower().startswith("www.") or "@" in text.strip("@"):
        return False
    words = WORD.findall(text)
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    for position, word in enumerate(words):
        bare = word.rstrip(".").lower().replace("\u2019", "'")
        if bare in REMARK_WORDS:
            return False
        # A full stop after a word other than an initial or a title ends a sentence ("Gee. I hope").
        is_full_stop = word.endswith(".") and len(bare) > 1 and bare not in NAME_ABBREVIATIONS
        if is_full_stop and (position < len(words) - 1 or text.endswith(word)):
            return False
    # Sentence punctuation attached to the last word ends a remark ("right!", "Why?"); a name's
    # decoration stands apart ("Old Timer 1956 !", "northerntruthseeker .").
    return not re.search(r"[^\W_][!?,;:…]+$", text)


def parse_unrecorded(text: str, source: str = "document") -> ParsedDocument:
    """The article and its comments, every comment top-level, the author lines found by their look."""
    blocks = split_blocks(text)
    title, deck, position = read_head(blocks, source)
    author_indexes = find_author_lines(blocks, position + 1)  # the article has at least one paragraph
    if not author_indexes:
        raise DocumentError(
            f"{source}, line {blocks[-1].line}: no author line found after the article (a short line of its own "
            "before each comment), so there are no comments to import"
        )
    body_blocks = blocks[position : author_indexes[0]]
    reject_empty_blocks(body_blocks, source, "the article body")
    document = ParsedDocument(title=title.text, deck=deck.text, paragraphs=[block.text for block in body_blocks])
    ends = [*author_indexes[1:], len(blocks)]
    for number, (start, end) in enumerate(zip(author_indexes, ends, strict=True), start=1):
        author = blocks[start]
        body = blocks[start + 1 : end]
        if not body:
            raise DocumentError(
                f"{source}, line {author.line}: the author line {author.text!r} has no comment after it"
            )
        reject_empty_blocks(body, source, f"comment {number}")
        document.comments.append(
            ParsedComment(
                number=number,
                author=author.text,
                parent=None,
                body="\n\n".join(block.text for block in body),
                line=author.line,
            )
        )
    return document


def find_author_lines(blocks: list[Block], start: int) -> list[int]:
    """Indexes of the author lines among blocks[start:]."""
    names = [looks_like_name(block.text) for block in blocks]
    seen: dict[str, int] = {}
    for block, is_name in zip(blocks, names, strict=True):
        if is_name:
            seen[block.text] = seen.get(block.text, 0) + 1
    found: list[int] = []
    index = start
    while index < len(blocks):
        block = blocks[index]
        is_author = block.text == "" or names[index]
        if is_author and block.text and index + 1 < len(blocks) and names[index + 1]:
            # Two name-like lines in a row: one is an author, the other a one-line paragraph.
            is_author = seen[block.text] >= seen[blocks[index + 1].text]
        if is_author:
            found.append(index)
            index += 2  # the next block is this comment's text, whatever it looks like
        else:
            index += 1
    return found


def load_unrecorded(path: Path) -> ParsedDocument:
    text = read_text(path)
    if not text.strip():
        raise DocumentError(f"{path}, line 1: the file is empty")
    return parse_unrecorded(text, source=str(path))
