"""Read a scraped article-with-comments document and the reply structure recorded beside it.

The scraped format, one block per paragraph, blocks separated by a blank line:

    Title
    Title                (the scrape repeats it; the repeat is optional)
    Deck line
    Body paragraph ...   (one or more)
    Author line          (empty for a commenter with no name: an extra blank line)
    Comment paragraph ...(one or more; a paragraph may hold several lines)
    Author line ...

Nothing in the text tells an author line from a one-line paragraph, and the
indentation that showed who answers whom was lost, so the replies file lists
each comment's author and parent in order; the parser checks the document
against it and fails, naming the line, where they disagree.
"""

from dataclasses import dataclass, field
from pathlib import Path


class DocumentError(Exception):
    """The document or its replies file cannot be read; the message names the line."""


@dataclass(frozen=True)
class Block:
    text: str  # "" for an empty author line
    line: int


@dataclass(frozen=True)
class ReplyLine:
    number: int
    author: str
    parent: int | None
    why: str


@dataclass
class ParsedComment:
    number: int
    author: str
    parent: int | None
    body: str
    line: int


@dataclass
class ParsedDocument:
    title: str
    deck: str
    paragraphs: list[str]
    comments: list[ParsedComment] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


def replies_path_for(document: Path) -> Path:
    return document.with_suffix(".replies")


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror})") from None
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise DocumentError(f"{path}, line {line}: a NUL byte; this is a binary file, not a document")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DocumentError(f"{path}, line {line}: not UTF-8 text") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(text: str) -> list[Block]:
    """Paragraphs separated by blank lines; each extra blank line in a run is an empty block."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    paragraph_start = 0
    blank_run = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() == "":
            blank_run += 1
            if paragraph:
                blocks.append(Block("\n".join(paragraph), paragraph_start))
                paragraph = []
            continue
        if not paragraph:
            if blocks and blank_run > 1:
                blocks.extend(Block("", number - blank_run + offset) for offset in range(1, blank_run))
            paragraph_start = number
            blank_run = 0
        paragraph.append(line.rstrip())
    if paragraph:
        blocks.append(Block("\n".join(paragraph), paragraph_start))
    return blocks


def parse_replies(text: str, source: str = "replies file") -> list[ReplyLine]:
    replies: list[ReplyLine] = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise DocumentError(f"{source}, line {line_number}: expected 'number | author | replies to | why'")
        number_text, author, parent_text, why = parts
        if not number_text.isdigit() or int(number_text) != len(replies) + 1:
            raise DocumentError(f"{source}, line {line_number}: comments must be numbered 1, 2, 3, ... in order")
        number = int(number_text)
        if parent_text == "-":
            parent = None
        elif parent_text.isdigit() and 1 <= int(parent_text) < number:
            parent = int(parent_text)
        else:
            raise DocumentError(f"{source}, line {line_number}: 'replies to' must be '-' or an earlier comment")
        if not why:
            raise DocumentError(f"{source}, line {line_number}: say why comment {number} sits where it does")
        replies.append(ReplyLine(number, author, parent, why))
    if not replies:
        raise DocumentError(f"{source}: lists no comments")
    return replies


def read_head(blocks: list[Block], source: str) -> tuple[Block, Block, int]:
    """The title and deck blocks, and the index of the first block after them."""
    if not blocks:
        raise DocumentError(f"{source}, line 1: the file is empty")
    title = blocks[0]
    position = 1
    if position < len(blocks) and blocks[position].text == title.text:
        position += 1
    if position >= len(blocks):
        raise DocumentError(f"{source}, line {title.line}: a title but no deck line or body")
    deck = blocks[position]
    if not deck.text:
        raise DocumentError(f"{source}, line {deck.line}: expected the deck line, found an empty line")
    return title, deck, position + 1


def parse_document(text: str, replies: list[ReplyLine], source: str = "document") -> ParsedDocument:
    blocks = split_blocks(text)
    title, deck, position = read_head(blocks, source)

    def find_author(start: int, author: str) -> int | None:
        return next((index for index in range(start, len(blocks)) if blocks[index].text == author), None)

    first_author = find_author(position, replies[0].author)
    if first_author is None:
        raise DocumentError(f"{source}: the first comment's author line ({replies[0].author!r}) never appears")
    body_blocks = blocks[position:first_author]
    if not body_blocks:
        raise DocumentError(f"{source}, line {deck.line + 1}: the article has no body before the first comment")
    reject_empty_blocks(body_blocks, source, "the article body")
    document = ParsedDocument(title=title.text, deck=deck.text, paragraphs=[block.text for block in body_blocks])

    position = first_author
    for index, reply in enumerate(replies):
        author_block = blocks[position]
        if author_block.text != reply.author:
            raise DocumentError(
                f"{source}, line {author_block.line}: expected the author line of comment {reply.number} "
                f"({reply.author!r}), found {author_block.text[:40]!r}"
            )
        if index + 1 < len(replies):
            end = find_author(position + 2, replies[index + 1].author)
            if end is None:
                raise DocumentError(
                    f"{source}: comment {reply.number + 1}'s author line ({replies[index + 1].author!r}) "
                    f"does not appear after line {author_block.line}"
                )
        else:
            end = len(blocks)
        body = blocks[position + 1 : end]
        if not body:
            raise DocumentError(f"{source}, line {author_block.line}: comment {reply.number} has no text")
        reject_empty_blocks(body, source, f"comment {reply.number}")
        document.comments.append(
            ParsedComment(
                number=reply.number,
                author=reply.author,
                parent=reply.parent,
                body="\n\n".join(block.text for block in body),
                line=author_block.line,
            )
        )
        position = end
    return document


def reject_empty_blocks(blocks: list[Block], source: str, where: str) -> None:
    for block in blocks:
        if not block.text:
            raise DocumentError(f"{source}, line {block.line}: an unexpected extra blank line in {where}")


def load(path: Path, replies_path: Path | None = None) -> ParsedDocument:
    replies_path = replies_path or replies_path_for(path)
    text = read_text(path)
    if not text.strip():
        raise DocumentError(f"{path}, line 1: the file is empty")
    if not replies_path.exists():
        raise DocumentError(f"{replies_path}: no replies file; record who answers whom there (see fixtures/)")
    replies = parse_replies(read_text(replies_path), source=str(replies_path))
    return parse_document(text, replies, source=str(path))
