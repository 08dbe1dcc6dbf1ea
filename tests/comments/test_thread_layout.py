"""comments/thread.py: the flat layout a template loop turns into nested lists."""

from comments.layout import layout
from comments.models import Comment
from tests.builders import make_article, make_chain, make_comment


def thread_of(article) -> list[Comment]:
    return list(article.comments.for_thread())


def test_entries_open_and_close_lists_to_match_the_tree(db):
    article = make_article()
    a = make_comment(article)
    a1 = make_comment(article, a)
    a1x = make_comment(article, a1)
    a2 = make_comment(article, a)
    b = make_comment(article)
    entries = layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)
    shape = [(e.comment.pk, e.depth, e.opens_replies, e.closes, e.reply_count) for e in entries]
    assert shape == [
        (a.pk, 0, True, 0, 3),
        (a1.pk, 1, True, 0, 1),
        (a1x.pk, 2, False, 1, 0),  # closes a1's replies; a2 follows at depth 1
        (a2.pk, 1, False, 1, 0),  # closes a's replies
        (b.pk, 0, False, 0, 0),
    ]


def test_every_opened_list_is_closed(db):
    article = make_article()
    chain = make_chain(article, 6)
    make_comment(article, chain[2])
    entries = layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)
    opened = sum(entry.opens_replies for entry in entries)
    closed = sum(entry.closes for entry in entries)
    assert opened == closed == 5


def test_newest_first_reverses_siblings_at_every_level_keeping_replies_under_parents(db):
    article = make_article()
    a = make_comment(article)
    a1 = make_comment(article, a)
    a2 = make_comment(article, a)
    a1x = make_comment(article, a1)
    a1y = make_comment(article, a1)
    b = make_comment(article)
    entries = layout(thread_of(article), newest=True, max_depth=Comment.DISPLAY_DEPTH)
    assert [e.comment.pk for e in entries] == [b.pk, a.pk, a2.pk, a1.pk, a1y.pk, a1x.pk]
    assert [e.depth for e in entries] == [0, 0, 1, 1, 2, 2]


def test_comments_below_the_display_depth_continue_on_their_own_page(db):
    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 3)
    entries = layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)
    assert [e.comment for e in entries] == chain[: Comment.DISPLAY_DEPTH + 1]
    assert [e.continues_elsewhere for e in entries] == [False] * Comment.DISPLAY_DEPTH + [True]
    assert entries[-1].closes == Comment.DISPLAY_DEPTH


def test_a_comment_at_the_display_depth_without_replies_does_not_continue(db):
    article = make_article()
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 1)
    assert not layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)[-1].continues_elsewhere
    assert layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)[-1].comment == chain[-1]


def test_a_subtree_lays_out_from_its_own_top(db):
    article = make_article()
    chain = make_chain(article, 5)
    middle = Comment.objects.get(pk=chain[2].pk)  # fresh: later inserts moved its rght
    entries = layout(middle.get_descendants(include_self=True), max_depth=Comment.DISPLAY_DEPTH)
    assert [e.depth for e in entries] == [0, 1, 2]


def test_text_is_shown_only_for_visible_comments_unless_asked(db):
    article = make_article()
    visible, hidden = make_comment(article), make_comment(article)
    Comment.objects.filter(pk=hidden.pk).update(state=Comment.State.HIDDEN)
    assert [e.show_text for e in layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)] == [True, False]
    assert [
        e.show_text for e in layout(thread_of(article), show_hidden_text=True, max_depth=Comment.DISPLAY_DEPTH)
    ] == [True, True]
    assert visible.is_visible
