import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from comments.integrity import find_problems
from comments.models import Comment, PostingRefused
from tests.builders import make_article, make_chain, make_comment


def test_each_top_level_comment_starts_its_own_tree(db):
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    assert first.tree_id != second.tree_id
    assert (first.lft, first.rght, first.level) == (1, 2, 0)


def test_a_reply_renumbers_only_its_own_tree(db):
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    make_comment(article, first)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.lft, second.rght) == (1, 2)
    assert (first.lft, first.rght) == (1, 4)


def test_replies_nest_in_the_order_they_arrive(db):
    article = make_article()
    root = make_comment(article, body="root")
    older = make_comment(article, root, body="older")
    make_comment(article, older, body="older's reply")
    make_comment(article, root, body="newer")
    bodies = [c.body for c in article.comments.for_thread()]
    assert bodies == ["root", "older", "older's reply", "newer"]
    assert find_problems() == {}


def test_stale_parent_objects_do_not_corrupt_the_tree(db):
    article = make_article()
    root = make_comment(article)
    stale = Comment.objects.get(pk=root.pk)  # rght=2 from before the replies below
    for _ in range(3):
        make_comment(article, root)
    make_comment(article, stale)
    assert find_problems() == {}
    assert Comment.objects.get(pk=root.pk).get_descendant_count() == 4


@pytest.mark.parametrize("state", [Comment.State.HIDDEN, Comment.State.DELETED])
def test_a_removed_comment_takes_no_replies(alice, state):
    article = make_article()
    parent = make_comment(article)
    Comment.objects.filter(pk=parent.pk).update(state=state)
    with pytest.raises(PostingRefused, match="removed"):
        Comment.objects.reply(parent, author=alice, body="Hello?")
    assert Comment.objects.count() == 1


def test_replies_stop_at_the_maximum_depth(alice):
    article = make_article()
    chain = make_chain(article, Comment.MAX_DEPTH)
    assert chain[-1].level == Comment.MAX_DEPTH - 1
    with pytest.raises(PostingRefused, match="as deep as it can go"):
        Comment.objects.reply(chain[-1], author=alice, body="Deeper")


def test_closed_articles_take_no_comments(alice):
    article = make_article(comments_open=False)
    with pytest.raises(PostingRefused, match="closed"):
        Comment.objects.start_thread(article, author=alice, body="Hello")


def test_a_failure_after_space_is_made_leaves_the_tree_as_before(db):
    article = make_article()
    root = make_comment(article)
    make_comment(article, root)
    before = list(Comment.objects.order_by("pk").values_list("pk", "lft", "rght", "level"))

    class Boom(Exception):
        pass

    def explode_after_space_is_made(sender, instance, **kwargs):
        raise Boom

    from django.db.models.signals import pre_save

    # pre_save fires inside mptt's save(), after the lft/rght shift has been written.
    pre_save.connect(explode_after_space_is_made, sender=Comment)
    try:
        with pytest.raises(Boom):
            make_comment(article, root)
    finally:
        pre_save.disconnect(explode_after_space_is_made, sender=Comment)
    assert list(Comment.objects.order_by("pk").values_list("pk", "lft", "rght", "level")) == before


def test_deleting_a_tree_keeps_the_rest_valid(db):
    article = make_article()
    root = make_comment(article)
    doomed = make_comment(article, root)
    make_comment(article, doomed)
    kept = make_comment(article, root)
    doomed.delete_tree()
    assert list(Comment.objects.values_list("pk", flat=True).order_by("pk")) == [root.pk, kept.pk]
    assert find_problems() == {}


def test_check_threads_reports_and_repairs_a_corrupt_tree(db):
    article = make_article()
    root = make_comment(article)
    reply = make_comment(article, root)
    make_comment(article, reply)
    Comment.objects.filter(pk=reply.pk).update(level=7)
    with pytest.raises(CommandError, match="1 broken tree"):
        call_command("check_threads", verbosity=0)
    call_command("check_threads", repair=True, verbosity=0)
    assert find_problems() == {}
    assert Comment.objects.get(pk=reply.pk).level == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred unique constraints exist on PostgreSQL only")
def test_postgresql_rejects_overlapping_nodes(db):
    article = make_article()
    root = make_comment(article)
    first = make_comment(article, root)
    second = make_comment(article, root)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=second.pk).update(lft=first.lft, rght=first.rght)
        with connection.cursor() as cursor:  # what COMMIT would do: check the deferred constraints now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_rejects_a_node_whose_bounds_are_reversed(db):
    root = make_comment(make_article())
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=root.pk).update(lft=5, rght=3)


def test_the_database_rejects_a_second_root_in_one_tree(db):
    article = make_article()
    root = make_comment(article)
    other = make_comment(article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=other.pk).update(tree_id=root.tree_id)
