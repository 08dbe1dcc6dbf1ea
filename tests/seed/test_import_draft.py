import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.document import parse_replies, read_text
from comments.models import Comment
from forum.articles.models import Article

SEED = Path(settings.BASE_DIR) / "fixtures" / "000_bc8de53f18b3238f.txt"


@pytest.fixture
def scrape(tmp_path) -> Path:
    """The seed document alone, as a new scrape arrives: no replies file beside it."""
    return Path(shutil.copy(SEED, tmp_path / "scrape.txt"))


def test_draft_writes_a_replies_file_with_a_reason_on_every_line_and_imports_nothing(db, scrape, capsys):
    call_command("import_document", str(scrape), draft=True)
    lines = parse_replies(read_text(scrape.with_suffix(".replies")))
    assert len(lines) == 13
    assert all(line.why for line in lines)
    assert "Drafted 13 comments by 8 authors in 4 threads" in capsys.readouterr().out
    assert Article.objects.count() == 0


def test_a_reviewed_draft_imports_as_today(db, scrape):
    call_command("import_document", str(scrape), draft=True, verbosity=0)
    call_command("import_document", str(scrape), verbosity=0)
    assert Comment.objects.count() == 13
    assert Comment.objects.filter(parent=None).count() == 4


def test_draft_refuses_to_overwrite_a_replies_file_without_force(db, scrape):
    replies = scrape.with_suffix(".replies")
    replies.write_text("1 | S Melanson | - | edited by hand\n")
    with pytest.raises(CommandError, match=r"scrape\.replies exists; --force overwrites it"):
        call_command("import_document", str(scrape), draft=True)
    assert replies.read_text() == "1 | S Melanson | - | edited by hand\n"
    call_command("import_document", str(scrape), draft=True, force=True, verbosity=0)
    assert len(parse_replies(read_text(replies))) == 13


def test_draft_dry_run_prints_the_draft_and_writes_nothing(db, scrape, capsys):
    call_command("import_document", str(scrape), draft=True, dry_run=True)
    out = capsys.readouterr().out
    assert "3  | Brother Ma            | 2  | opens with 'Gee.', an answer to #2" in out
    assert not scrape.with_suffix(".replies").exists()


def test_a_bad_scrape_gets_an_error_naming_the_line_and_no_draft(db, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("Title\n\nDeck\n\nThe body of the article, long enough to be prose.\n\nAnn\n")
    with pytest.raises(CommandError, match="line 7: the author line 'Ann' has no comment after it"):
        call_command("import_document", str(path), draft=True)
    assert not path.with_suffix(".replies").exists()


def test_an_author_with_a_bar_cannot_be_drafted(db, tmp_path):
    path = tmp_path / "bar.txt"
    path.write_text("Title\n\nDeck\n\nThe body of the article, long enough to be prose.\n\nAnn | Bo\n\nHello.\n")
    with pytest.raises(CommandError, match="line 7: the author 'Ann \\| Bo' has a '\\|'"):
        call_command("import_document", str(path), draft=True)
    assert not path.with_suffix(".replies").exists()


def test_draft_and_flat_cannot_be_combined(db, scrape):
    with pytest.raises(CommandError):
        call_command("import_document", str(scrape), "--draft", "--flat")
