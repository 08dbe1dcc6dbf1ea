"""A template change leaves no stale piece behind: pieces of another version are re-rendered when read,
or by `render_pieces`; so is a piece whose comment's state was changed by a plain UPDATE."""

from io import StringIO

import pytest
from django.core.management import call_command

from comments import pieces
from comments.models import Comment
from tests.builders import make_article, make_comment, make_user


@pytest.fixture(autouse=True)
def fresh_versions():
    pieces.current_versions.cache_clear()
    yield
    pieces.current_versions.cache_clear()


def test_a_template_change_re_renders_stale_pieces_when_the_page_is_read(client, db, settings):
    settings.CACHE_DISCUSSIONS = False
    article = make_article()
    comment = make_comment(article, author=make_user("writer"))
    old_version = Comment.objects.get(pk=comment.pk).piece_version
    assert ">link</a>" in client.get(article.get_absolute_url()).content.decode()

    template_dirs = settings.TEMPLATES[0]["DIRS"]
    _use_changed_template(settings)
    try:
        page = client.get(article.get_absolute_url()).content.decode()
        assert ">permalink</a>" in page
        assert ">link</a>" not in page
        stored = Comment.objects.get(pk=comment.pk)
        assert stored.piece_version != old_version
        assert stored.piece_version == pieces.version_for("visible")
        assert ">permalink</a>" in stored.piece_html
    finally:
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": template_dirs}]
        pieces.current_versions.cache_clear()


def _use_changed_template(settings) -> None:
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp()) / "comments"
    folder.mkdir()
    source = (Path(settings.BASE_DIR) / "templates" / pieces.TEMPLATE).read_text()
    (folder / "_comment_piece.html").write_text(source.replace(">link</a>", ">permalink</a>"))
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder.parent, *settings.TEMPLATES[0]["DIRS"]]}]
    pieces.current_versions.cache_clear()


def test_render_pieces_renders_every_stale_piece_after_a_template_change(db, settings):
    article = make_article()
    comments = [make_comment(article) for _ in range(3)]
    template_dirs = settings.TEMPLATES[0]["DIRS"]
    _use_changed_template(settings)
    try:
        out = StringIO()
        call_command("render_pieces", "--dry-run", stdout=out)
        assert out.getvalue().startswith("3 stale piece(s)")
        assert not Comment.objects.filter(piece_html__contains=">permalink</a>").exists()
        call_command("render_pieces", stdout=StringIO())
        assert Comment.objects.filter(pk__in=[c.pk for c in comments], piece_html__contains=">permalink<").count() == 3
        assert not Comment.objects.with_stale_pieces().exists()
    finally:
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": template_dirs}]
        pieces.current_versions.cache_clear()


def test_a_state_changed_by_a_plain_update_is_shown_at_once(client, db):
    article = make_article()
    comment = make_comment(article, body="words to withdraw", author=make_user("writer"))
    Comment.objects.filter(pk=comment.pk).update(state=Comment.State.HIDDEN)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "words to withdraw" not in page
    assert "[removed by a moderator]" in page
    assert Comment.objects.get(pk=comment.pk).piece_version == pieces.version_for("hidden")


def test_each_state_has_its_own_version_that_fits_the_column(db):
    versions = pieces.current_versions()
    assert len(set(versions.values())) == 3
    assert all(len(version) <= Comment._meta.get_field("piece_version").max_length for version in versions.values())
