import json
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.document import load, parse_replies, read_text
from comments.integrity import find_problems
from comments.models import Comment
from forum.articles.models import Article

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DOCUMENT = FIXTURES / "000_bc8de53f18b3238f.txt"
REPLIES = FIXTURES / "000_bc8de53f18b3238f.replies"
SEED = FIXTURES / "seed.json"

# Authors in document order, read by eye from the scrape; "" is the commenter with no name.
EXPECTED_AUTHORS = [
    "S Melanson",
    "Zionism = EVIL",
    "Brother Ma",
    "northerntruthseeker .",
    "Zionism = EVIL",
    "Jimmy Jim",
    "",
    "Jimmy Jim",
    "Brother Ma",
    "Zionism = EVIL",
    "Brother Ma",
    "Concrete Mike",
    "Ivan Freely",
]


def test_fixture_is_what_the_command_produces_from_the_document(tmp_path):
    out = tmp_path / "seed.json"
    call_command("import_document", str(DOCUMENT), fixture=out, verbosity=0)
    assert json.loads(out.read_text()) == json.loads(SEED.read_text())


def test_every_comment_and_author_verbatim_and_in_document_order():
    raw = DOCUMENT.read_text(encoding="utf-8")
    document = load(DOCUMENT)
    assert [comment.author for comment in document.comments] == EXPECTED_AUTHORS
    position = raw.index(document.paragraphs[-1])
    for comment in document.comments:
        found = raw.index(comment.body, position)  # verbatim, and after everything before it
        assert found > position
        position = found
    assert document.comments[-1].body == "Good. Syria needs all the help they can get."
    assert document.comments[11].body.endswith("Enough blood has been shed…more will not help.\nBoth of you")


def test_article_parts_are_read_from_the_scrape():
    document = load(DOCUMENT)
    assert document.title == "Putin: Russia Will Not Persuade Iran To Withdraw From Syria"
    assert document.deck == "Iranian-backed forces massing around Deir Ezzor city"
    assert len(document.paragraphs) == 5
    assert document.paragraphs[0].startswith("On October 18, Russia’s President Vladimir Putin")


def test_seed_fixture_nests_comments_as_recorded(seed_article):
    recorded = parse_replies(read_text(REPLIES))
    comments = {comment.pk: comment for comment in seed_article.comments.all()}
    assert len(comments) == 13
    for line in recorded:
        assert comments[line.number].author_name == line.author
        assert comments[line.number].parent_id == line.parent
    assert find_problems() == {}
    # Four conversations, the deepest five replies down.
    assert seed_article.comments.roots().count() == 4
    assert max(comment.level for comment in comments.values()) == 5


def test_import_writes_the_same_thread_as_the_fixture(db):
    call_command("import_document", str(DOCUMENT), verbosity=0)
    imported = [
        (c.author_name, c.body, c.parent.body if c.parent else None, c.level, c.lft, c.rght, c.created)
        for c in Article.objects.get().comments.for_thread()
    ]
    records = {record["pk"]: record["fields"] for record in json.loads(SEED.read_text())[1:]}
    from_fixture = [
        (
            r["author_name"],
            r["body"],
            records[r["parent"]]["body"] if r["parent"] else None,
            r["level"],
            r["lft"],
            r["rght"],
            datetime.fromisoformat(r["created"]),
        )
        for r in sorted(records.values(), key=lambda r: (r["tree_id"], r["lft"]))
    ]
    assert imported == from_fixture
    assert find_problems() == {}


def test_running_the_import_twice_duplicates_nothing(db):
    call_command("import_document", str(DOCUMENT), verbosity=0)
    call_command("import_document", str(DOCUMENT), verbosity=0)
    assert Article.objects.count() == 1
    assert Comment.objects.count() == 13


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "line 1: the file is empty"),
        (b"\n\n\n", "line 1: the file is empty"),
        (b"Title\n\nTitle\n\nDeck\n\nS Melanson\n\nA comment.\n", "line 6: the article has no body"),
        (b"Title\n\nDeck\n\nBody\n\x00\x01\x02binary", "line 6: a NUL byte"),
        (b"Title\n\nDeck\n\n\xff\xfe body", "line 5: not UTF-8 text"),
    ],
)
def test_malformed_documents_are_refused_naming_the_line_and_write_nothing(db, tmp_path, content, message):
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    (tmp_path / "broken.replies").write_text("1 | S Melanson | - | the only comment\n")
    with pytest.raises(CommandError, match=message):
        call_command("import_document", str(path), verbosity=0)
    assert Article.objects.count() == 0
    assert Comment.objects.count() == 0


def test_a_document_that_disagrees_with_its_replies_file_is_refused(db, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\nDeck\n\nBody.\n\nAnn\n\nHello.\n\nBen\n\nHi Ann.\n")
    (tmp_path / "doc.replies").write_text("1 | Ann | - | first\n2 | Cy | 1 | answers Ann\n")
    with pytest.raises(CommandError, match="comment 2's author line \\('Cy'\\) does not appear after line 7"):
        call_command("import_document", str(path), verbosity=0)
    assert Article.objects.count() == 0


def test_a_missing_replies_file_is_named(db, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\nDeck\n\nBody.\n\nAnn\n\nHello.\n")
    with pytest.raises(CommandError, match=r"doc\.replies: no replies file"):
        call_command("import_document", str(path), verbosity=0)


def test_control_characters_in_a_document_are_refused(db, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\nDeck\n\nBody.\n\nAnn\n\nHello \x1b[31m there.\n")
    (tmp_path / "doc.replies").write_text("1 | Ann | - | first\n")
    with pytest.raises(CommandError, match="control character"):
        call_command("import_document", str(path), verbosity=0)
    assert Comment.objects.count() == 0


def test_load_seed_loads_once(db):
    call_command("load_seed", verbosity=0)
    call_command("load_seed", verbosity=0)
    assert Article.objects.count() == 1
    assert Comment.objects.count() == 13
