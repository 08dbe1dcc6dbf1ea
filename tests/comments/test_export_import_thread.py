import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from comments.models import Comment, CommentRevision, ModerationAction, Report
from forum.articles.models import Article
from tests.builders import make_article, make_comment, make_user


def fields_of(obj, article: Article, position: dict[int, int], tree_rank: dict[int, int]) -> dict:
    """Every concrete field but the primary key, with links made independent of row ids."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in {"piece_html", "piece_version"}:  # derived, and holds row ids
            continue
        value = field.value_from_object(obj)
        if field.name == "tree_id" and isinstance(obj, Comment):
            value = tree_rank[value]
        elif field.is_relation and value is not None:
            if field.related_model is Comment:
                value = ("comment", position[value])
            elif field.related_model is Article:
                value = ("article", value == article.pk)
            else:
                value = ("user", get_user_model().objects.get(pk=value).get_username())
        values[field.name] = value
    return values


def snapshot(article: Article) -> dict:
    comments = list(article.comments.order_by("tree_id", "lft"))
    position = {comment.pk: number for number, comment in enumerate(comments)}
    tree_rank = {tree_id: rank for rank, tree_id in enumerate(sorted({comment.tree_id for comment in comments}))}

    def dump(rows) -> list[dict]:
        return [fields_of(row, article, position, tree_rank) for row in rows]

    return {
        "article": fields_of(article, article, position, tree_rank),
        "comments": dump(comments),
        "revisions": dump(CommentRevision.objects.filter(comment__article=article).order_by("replaced_at")),
        "reports": dump(Report.objects.filter(comment__article=article).order_by("created")),
        "moderation": dump(ModerationAction.objects.filter(article=article).order_by("created")),
    }


def build_discussion() -> Article:
    """A thread with every state and kind of history a discussion can have."""
    alice, bob, carol = make_user("alice"), make_user("bob"), make_user("carol")
    maria = make_user("maria", is_staff=True)
    start = timezone.now() - timedelta(days=2)
    article = make_article("Everything at once", deck="With a deck", source_url="https://example.org/a")
    make_comment(make_article(), body="Another article's thread, created earlier.")
    first = make_comment(article, author=alice, body="First!\n\nhttps://example.org <b>", created=start)
    answer = make_comment(article, first, author=bob, body="An answer", created=start + timedelta(minutes=1))
    edited = make_comment(article, answer, author=alice, body="Edited text", created=start + timedelta(minutes=2))
    spam = make_comment(article, first, author=carol, body="Buy watches", created=start + timedelta(minutes=3))
    regret = make_comment(article, author=bob, body="Something I regret", created=start + timedelta(minutes=4))
    make_comment(
        article, regret, author=alice, body="A reply that outlives its parent", created=start + timedelta(minutes=5)
    )
    make_comment(
        article,
        author_name="Imported Commenter",
        body="From the original page",
        created=start + timedelta(minutes=6, microseconds=123456),
        submission_key=uuid.uuid4(),
    )
    make_comment(make_article(), body="Another article's thread, created later.")

    CommentRevision.objects.create(
        comment=edited, body="Original text", edited_by=alice, replaced_at=start + timedelta(hours=1)
    )
    CommentRevision.objects.create(
        comment=edited, body="Second text", edited_by=maria, replaced_at=start + timedelta(hours=2)
    )
    Comment.objects.filter(pk=edited.pk).update(edited=start + timedelta(hours=2))
    Comment.objects.filter(pk=spam.pk).update(state=Comment.State.HIDDEN, public_reason="spam")
    Comment.objects.filter(pk=regret.pk).update(state=Comment.State.DELETED)
    Report.objects.create(
        comment=spam,
        reporter=alice,
        reason=Report.Reason.SPAM,
        details="obvious",
        created=start + timedelta(hours=3),
        status=Report.Status.RESOLVED,
        handled_by=maria,
        handled_at=start + timedelta(hours=4),
    )
    Report.objects.create(comment=first, reporter=carol, reason=Report.Reason.OTHER, created=start + timedelta(hours=5))
    ModerationAction.objects.create(
        moderator=maria,
        action=ModerationAction.Kind.HIDE,
        comment=spam,
        article=article,
        target_user=carol,
        target_repr=str(spam),
        reason="spam",
        created=start + timedelta(hours=4),
    )
    ModerationAction.objects.create(
        moderator=maria,
        action=ModerationAction.Kind.CLOSE_COMMENTS,
        article=article,
        target_repr=article.title,
        created=start + timedelta(hours=6),
    )
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    return Article.objects.get(pk=article.pk)


def remove(article: Article) -> None:
    ModerationAction.objects.filter(article=article).delete()  # the queryset bypasses the append-only guard
    article.delete()


def export(article: Article, tmp_path) -> Path:
    path = tmp_path / "thread.json"
    call_command("export_thread", article.slug, "-o", str(path), verbosity=0)
    return path


def test_a_thread_survives_export_and_import_exactly(db, tmp_path):
    article = build_discussion()
    before = snapshot(article)
    old_pks = set(article.comments.values_list("pk", flat=True))
    path = export(article, tmp_path)
    remove(article)

    call_command("import_thread", str(path), verbosity=0)

    imported = Article.objects.get(slug=before["article"]["slug"])
    assert snapshot(imported) == before
    assert not old_pks & set(imported.comments.values_list("pk", flat=True)), "fresh rows, not reused ids"
    call_command("check_threads", verbosity=0)  # raises CommandError on any broken tree


def test_an_imported_thread_renders_the_same_html(db, tmp_path):
    article = build_discussion()
    bodies = list(article.comments.order_by("tree_id", "lft").values_list("body_html", flat=True))
    path = export(article, tmp_path)
    remove(article)
    call_command("import_thread", str(path), verbosity=0)
    imported = Article.objects.get(slug=article.slug)
    assert list(imported.comments.order_by("tree_id", "lft").values_list("body_html", flat=True)) == bodies


def test_an_import_into_a_database_without_the_users_can_create_them(db, tmp_path):
    article = build_discussion()
    before = snapshot(article)
    path = export(article, tmp_path)
    remove(article)
    get_user_model().objects.filter(username__in=["alice", "bob", "carol", "maria"]).delete()

    with pytest.raises(CommandError, match="unknown users: alice, bob, carol, maria"):
        call_command("import_thread", str(path), verbosity=0)
    assert not Article.objects.filter(slug=article.slug).exists()

    call_command("import_thread", str(path), "--create-users", verbosity=0)
    assert snapshot(Article.objects.get(slug=article.slug)) == before
    assert not get_user_model().objects.get(username="alice").has_usable_password()


def test_the_seed_thread_round_trips(seed_article, tmp_path):
    before = snapshot(seed_article)
    path = export(seed_article, tmp_path)
    remove(seed_article)
    call_command("import_thread", str(path), verbosity=0)
    assert snapshot(Article.objects.get(slug=seed_article.slug)) == before


def test_the_export_is_plain_json_naming_users_by_username(db, tmp_path):
    article = build_discussion()
    document = json.loads(export(article, tmp_path).read_text())
    assert document["format"] == "threads.thread"
    assert document["users"] == ["alice", "bob", "carol", "maria"]
    states = [comment["state"] for comment in document["comments"]]
    assert states.count("hidden") == 1 and states.count("deleted") == 1
    assert document["comments"][0]["author"] == "alice"
    assert "body_html" not in document["comments"][0]
    assert len(document["revisions"]) == 2 and len(document["reports"]) == 2


def test_an_existing_slug_is_refused_and_nothing_is_written(db, tmp_path):
    article = build_discussion()
    path = export(article, tmp_path)
    count = Comment.objects.count()
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_thread", str(path), verbosity=0)
    assert Comment.objects.count() == count


def test_a_dry_run_writes_nothing(db, tmp_path, capsys):
    article = build_discussion()
    path = export(article, tmp_path)
    remove(article)
    call_command("import_thread", str(path), "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert not Article.objects.filter(slug=article.slug).exists()


def test_a_reply_listed_before_its_parent_is_refused(db, tmp_path):
    article = build_discussion()
    path = export(article, tmp_path)
    remove(article)
    document = json.loads(path.read_text())
    document["comments"].reverse()
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="before its parent"):
        call_command("import_thread", str(path), verbosity=0)
    assert not Comment.objects.filter(article__slug=article.slug).exists()


def test_an_unknown_slug_cannot_be_exported(db):
    with pytest.raises(CommandError, match="no article"):
        call_command("export_thread", "no-such-article")


def test_export_to_stdout_prints_the_json_alone(db, capsys):
    article = build_discussion()
    call_command("export_thread", article.slug)
    assert json.loads(capsys.readouterr().out)["article"]["slug"] == article.slug
