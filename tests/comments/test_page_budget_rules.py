"""The page budget's rules on plain numbers and rows (comments/budget.py): how threads make pages, and
where a thread larger than a page is cut."""

from types import SimpleNamespace

from comments.budget import MoreReplies, cut, pack, skip_replies_through


def test_pages_are_runs_of_whole_threads_within_the_budget():
    assert pack([3, 3, 3, 3, 3], budget=10, most=50) == [range(0, 3), range(3, 5)]
    assert pack([10, 1, 9, 2], budget=10, most=50) == [range(0, 1), range(1, 3), range(3, 4)]


def test_no_page_holds_more_threads_than_the_page_size():
    assert pack([1] * 7, budget=100, most=3) == [range(0, 3), range(3, 6), range(6, 7)]


def test_a_thread_larger_than_the_budget_has_a_page_of_its_own():
    assert pack([2, 2, 500, 2], budget=10, most=50) == [range(0, 2), range(2, 3), range(3, 4)]
    assert pack([500], budget=10, most=50) == [range(0, 1)]
    assert pack([], budget=10, most=50) == []


def tree(*shape):
    """Rows of one thread from (pk, parent pk) pairs in reading order, numbered as a nested set."""
    children: dict = {}
    for pk, parent in shape:
        children.setdefault(parent, []).append(pk)
    rows, counter = {}, [0]

    def number(pk, level):
        counter[0] += 1
        lft = counter[0]
        for child in children.get(pk, []):
            number(child, level + 1)
        counter[0] += 1
        rows[pk] = SimpleNamespace(pk=pk, parent_id=dict(shape)[pk], lft=lft, rght=counter[0], level=level)

    number(shape[0][0], 0)
    return [rows[pk] for pk, _ in shape]


# 1 ─┬─ 2 ─┬─ 3
#    │     └─ 4 ── 5
#    ├─ 6 ── 7
#    └─ 8
THREAD = tree((1, None), (2, 1), (3, 2), (4, 2), (5, 4), (6, 1), (7, 6), (8, 1))


def test_a_thread_within_the_budget_is_not_cut():
    shown, more = cut(THREAD, 8)
    assert [row.pk for row in shown] == [1, 2, 3, 4, 5, 6, 7, 8] and more == {}


def test_a_cut_thread_says_under_each_comment_how_many_replies_run_on_and_from_where():
    shown, more = cut(THREAD, 4)
    assert [row.pk for row in shown] == [1, 2, 3, 4]
    # Under 4: its reply 5, none of its replies shown. Under 1: 6 (with 7) and 8, after 2.
    assert more == {4: MoreReplies(1, None, 5), 1: MoreReplies(3, 2, 6)}


def test_a_cut_counts_replies_deeper_than_the_rows_by_their_nested_set_numbers():
    # The rows stop at a depth (the page's), but a reply left out is counted with everything below it.
    shallow = [row for row in THREAD if row.level <= 1]
    assert [row.pk for row in shallow] == [1, 2, 6, 8]
    assert cut(shallow, 2)[1] == {1: MoreReplies(3, 2, 6)}  # 6, 7 (not among the rows) and 8


def test_the_rest_of_a_thread_skips_the_replies_up_to_the_one_shown_last():
    assert [row.pk for row in skip_replies_through(THREAD, 2)] == [1, 6, 7, 8]
    assert [row.pk for row in skip_replies_through(THREAD, 6)] == [1, 8]
    assert [row.pk for row in skip_replies_through(THREAD, 8)] == [1]
    # Not a reply of the first comment (or no comment at all): the thread from its start.
    assert [row.pk for row in skip_replies_through(THREAD, 3)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [row.pk for row in skip_replies_through(THREAD, 999)] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_a_page_holding_every_thread_filters_nothing_and_others_filter_their_threads(settings):
    from comments.models.thread_pages import ThreadPages

    settings.THREAD_PAGE_COMMENTS, settings.THREAD_PAGE_SIZE = 10, 50
    one_page = ThreadPages([7, 3, 9], [2, 2, 2], by_tree_id=False)
    assert one_page.filter_on(one_page.page(1)) == {}
    by_best = ThreadPages([7, 3, 9], [6, 6, 2], by_tree_id=False)
    assert [by_best.filter_on(by_best.page(n)) for n in (1, 2)] == [{"tree_id__in": [7]}, {"tree_id__in": [3, 9]}]
    by_age = ThreadPages([3, 7, 9], [6, 6, 2])
    assert by_age.filter_on(by_age.page(2)) == {"tree_id__range": (7, 9)}
