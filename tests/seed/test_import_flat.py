import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.document import load
from comments.integrity import find_problems
from comments.models import Comment
from forum.articles.models import Article

SEED = Path(settings.BASE_DIR) / "fixtures" / "000_bc8de53f18b3238f.txt"


@pytest.fixture
def scrape(tmp_path) -> Path:
    return Path(shutil.copy(SEED, tmp_path / "scrape.txt"))


def test_flat_imports_every_comment_top_level_in_document_order_with_a_warning(db, scrape, capsys):
    call_command("import_document", str(scrape), flat=True)
    output = capsys.readouterr()
    assert "Warning: the reply structure was not recorded" in output.err
    assert "13 comments, all top-level" in output.out
    imported = list(Article.objects.get().comments.for_thread())
    assert [comment.body for comment in imported] == [comment.body for comment in load(SEED).comments]
    assert all(comment.parent_id is None for comment in imported)
    assert [comment.created for comment in imported] == sorted(comment.created for comment in imported)
    assert find_problems() == {}


def test_importing_again_with_a_replies_file_restructures_nothing(db, scrape, capsys):
    call_command("import_document", str(scrape), flat=True, verbosity=0)
    call_command("import_document", str(scrape), draft=True, verbosity=0)
    capsys.readouterr()
    call_command("import_document", str(scrape))
    assert "Already imported" in capsys.readouterr().out
    assert Comment.objects.count() == 13
    assert Comment.objects.exclude(parent=None).count() == 0


def test_flat_is_refused_when_a_replies_file_records_the_structure(db, scrape):
    shutil.copy(SEED.with_suffix(".replies"), scrape.with_suffix(".replies"))
    with pytest.raises(CommandError, match="records the reply structure; import without --flat"):
        call_command("import_document", str(scrape), flat=True)
    assert Article.objects.count() == 0


def test_flat_dry_run_writes_nothing(db, scrape):
    call_command("import_document", str(scrape), flat=True, dry_run=True, verbosity=0)
    assert Article.objects.count() == 0


def test_a_bad_scrape_is_refused_naming_the_line_and_writes_nothing(db, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("Title\n\nDeck\n\nThe body of the article, long enough to be prose.\n\nAnn\n\nHi \x1b[31m.\n")
    with pytest.raises(CommandError, match="control character"):
        call_command("import_document", str(path), flat=True)
    path.write_text("Title\n\nDeck\n\nThe body of the article, long enough to be prose.\n")
    with pytest.raises(CommandError, match="line 5: no author line found"):
        call_command("import_document", str(path), flat=True)
    assert Article.objects.count() == 0
    assert Comment.objects.count() == 0
