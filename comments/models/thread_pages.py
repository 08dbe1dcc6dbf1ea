"""An article's discussion in pages within the comment budget, the comments a page shows, and the
page a comment's link lands on: the queries behind comments/budget.py.

A page is a run of whole top-level threads, at most THREAD_PAGE_SIZE of them and THREAD_PAGE_COMMENTS
comments in all (their sizes come from one query of the top-level comments' nested-set numbers). A
thread larger than the budget has a page to itself, cut: the page reads the thread's skeleton (its
comments' tree numbers and scores, no text) to find its first THREAD_PAGE_COMMENTS comments in reading
order, then fetches only those. A comment's own page (/c/<id>/) is cut the same way, and continues
past a cut with ?after=<the reply shown last>.
"""

from bisect import bisect_right
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator

from comments.budget import MoreReplies, cut, pack, skip_replies_through
from comments.layout import newest_first
from comments.ordering import best_first, best_first_roots

# What a page reads of every comment of a thread it cuts: enough to order it under every sort.
SKELETON_FIELDS = ("pk", "parent_id", "tree_id", "lft", "rght", "level", "vote_count", "report_count")


def reading_order(rows, sort: str) -> list:
    """Rows of whole threads, in (tree_id, lft) order, as the page reads them under `sort`."""
    if sort == "new":
        return newest_first(rows)
    if sort == "best":
        return best_first(rows)
    return list(rows)


class ThreadPages:
    """An article's top-level threads in page order under a sort, split into pages (one query)."""

    def __init__(self, tree_ids: list[int], sizes: list[int], *, by_tree_id: bool = True) -> None:
        self.tree_ids, self.sizes, self.by_tree_id = tree_ids, sizes, by_tree_id
        self.budget = settings.THREAD_PAGE_COMMENTS
        self.runs = pack(sizes, self.budget, settings.THREAD_PAGE_SIZE)
        self._starts = [run.start for run in self.runs]
        # Each page is one item of the paginator: its run of threads.
        self.paginator = Paginator(self.runs, 1)

    @classmethod
    def of(cls, comments, sort: str) -> "ThreadPages":
        """The pages of `comments` (one article's) under `sort`: "old", "new" or "best"."""
        # The top-level comments, from the comment_roots_by_tree index: read in its order under every sort
        # (the model's default order, by tree and lft, would walk every comment of the article instead).
        roots = comments.filter(level=0).order_by("-tree_id" if sort == "new" else "tree_id")
        if sort == "best":
            found = best_first_roots(roots.values_list("tree_id", "rght", "vote_count", "report_count", named=True))
        else:
            found = roots.values_list("tree_id", "rght", named=True)
        return cls.of_roots(found, by_tree_id=sort != "best")

    @classmethod
    def of_article(cls, article, sort: str) -> "ThreadPages":
        """The pages of `article`'s discussion under `sort`: no query when the article came with the size of its
        discussion (comments.counts.discussion_counts) and the whole of it fits one page, as most discussions do."""
        total, threads = getattr(article, "discussion_comments", None), getattr(article, "discussion_threads", None)
        if total is not None and total <= settings.THREAD_PAGE_COMMENTS and threads <= settings.THREAD_PAGE_SIZE:
            return OnePage(threads)
        return cls.of(article.comments.all(), sort)

    @classmethod
    def of_roots(cls, roots, *, by_tree_id: bool = True) -> "ThreadPages":
        """The pages of top-level rows (with `tree_id` and `rght`) in page order."""
        roots = list(roots)
        # A root's lft is 1, so its rght is twice its thread's size.
        return cls([root.tree_id for root in roots], [root.rght // 2 for root in roots], by_tree_id=by_tree_id)

    def page(self, number) -> Page:
        """The page `number` (from the query string): "last" is the last page; a number out of range or
        not a number gives the last or the first page, as Paginator.get_page does."""
        if number == "last":
            number = self.paginator.num_pages
        return self.paginator.get_page(number)

    def _run(self, page: Page) -> range:
        return page.object_list[0] if len(page.object_list) else range(0)

    def _trees_on(self, page: Page) -> list[int]:
        return [self.tree_ids[index] for index in self._run(page)]

    def filter_on(self, page: Page) -> dict:
        """Keyword arguments to filter an article's comments to the threads of `page`: none when it holds them
        all, a range of tree ids where the pages follow tree ids (every thread of the article inside it is on
        the page), else a list."""
        trees = self._trees_on(page)
        if not trees:
            return {"tree_id__in": []}
        if len(trees) == len(self.tree_ids):  # every thread: a discussion of one page filters nothing
            return {}
        if self.by_tree_id:
            return {"tree_id__range": (min(trees), max(trees))}
        return {"tree_id__in": trees}

    def is_cut(self, page: Page) -> bool:
        """Whether the page is one thread larger than the budget, shown cut."""
        run = self._run(page)
        return len(run) == 1 and self.sizes[run[0]] > self.budget

    def number_of(self, tree_id: int) -> int:
        """The number of the page holding the thread `tree_id` (1 if it is not one of these)."""
        try:
            index = self.tree_ids.index(tree_id)
        except ValueError:
            return 1
        return bisect_right(self._starts, index)


class OnePage(ThreadPages):
    """A discussion of `threads` top-level threads known to fit one page (ThreadPages.of_article): which
    threads they are need not be read, since the page shows them all, none of them cut."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.budget = settings.THREAD_PAGE_COMMENTS
        self.runs = [range(threads)] if threads else []
        self.paginator = Paginator(self.runs, 1)

    def filter_on(self, page: Page) -> dict:
        return {} if self.threads else {"tree_id__in": []}

    def is_cut(self, page: Page) -> bool:
        return False

    def number_of(self, tree_id: int) -> int:
        return 1


@dataclass
class Selection:
    """The comments one page shows: `comments` to fetch, how to order them, and where they were cut."""

    comments: object  # a Comment queryset
    order: list[int] | None = None  # the shown comments in reading order when cut; None: all, ordered by sort
    more: dict[int, MoreReplies] = field(default_factory=dict)

    def arrange(self, rows, sort: str) -> list:
        """Rows fetched from `comments` in (tree_id, lft) order, in the page's reading order."""
        if self.order is None:
            return reading_order(rows, sort)
        position = {pk: index for index, pk in enumerate(self.order)}
        return sorted(rows, key=lambda row: position[row.pk])


def select(comments, *, sort: str, whole: bool, after: int | None = None) -> Selection:
    """What a page shows of `comments` (its threads, or one comment and its replies, down to the depth
    it shows): all of them when `whole` (they fit the budget), else the first THREAD_PAGE_COMMENTS in
    reading order, past the reply `after` of the first comment if given. One query, two when cut."""
    if whole and after is None:
        return Selection(comments)
    skeleton = comments.order_by("tree_id", "lft").values_list(*SKELETON_FIELDS, named=True)
    rows = reading_order(list(skeleton), sort)
    if after is not None:
        rows = skip_replies_through(rows, after)
    shown, more = cut(rows, settings.THREAD_PAGE_COMMENTS)
    order = [row.pk for row in shown]
    return Selection(comments.filter(pk__in=order), order, more)


@dataclass(frozen=True)
class Placement:
    """Where a comment is read: the article page holding its thread, and whether that page shows it
    (`anchor` is then the comment; else the nearest ancestor that page shows)."""

    page: int
    shown: bool
    anchor: int


def place(
    comments, comment, sort: str, *, pages: ThreadPages | None = None, skeleton=None, ancestors=None
) -> Placement:
    """Where `comment` is read among `comments` (its article's) under `sort`. Two queries at most: the
    article's top-level threads (unless `pages` is given), and, for a comment deeper than the page shows
    (unless its `ancestors` are given) or in a thread larger than the budget, its thread's skeleton
    (unless given)."""
    depth = comments.model.DISPLAY_DEPTH
    pages = pages or ThreadPages.of(comments, sort)
    number = pages.number_of(comment.tree_id)
    cut_page = pages.is_cut(pages.paginator.page(number))
    if comment.level == 0 or not cut_page:  # a thread's page always opens with its top comment
        if comment.level <= depth:
            return Placement(number, True, comment.pk)
        if ancestors:  # the page shows the thread down to the display depth
            return Placement(number, False, ancestors[depth].pk)
    if skeleton is None:
        skeleton = skeletons_of(comments, [comment.tree_id]).get(comment.tree_id, [])
    shown = {row.pk for row in (cut(reading_order(skeleton, sort), pages.budget)[0] if cut_page else skeleton)}
    if comment.pk in shown:
        return Placement(number, True, comment.pk)
    return Placement(number, False, _nearest_shown(comment, skeleton, shown))


def page_address(article, number: int, sort: str, anchor: int) -> str:
    """The article page `number` under `sort`, at the comment `anchor`."""
    query = "&".join(
        part for part in (f"sort={sort}" if sort != "old" else "", f"page={number}" if number > 1 else "") if part
    )
    return f"{article.get_absolute_url()}{'?' + query if query else ''}#c{anchor}"


def place_all(comments, found) -> None:
    """Give each of `found` (comments of any articles, oldest-first pages) its `placement`, so its link
    costs no query of its own: two queries whatever their number (search results)."""
    found = list(found)
    roots = comments.filter(article_id__in={c.article_id for c in found}, level=0)
    by_article: dict[int, list] = {}
    for root in roots.order_by("tree_id").values_list("article_id", "tree_id", "rght", named=True):
        by_article.setdefault(root.article_id, []).append(root)
    pages = {article_id: ThreadPages.of_roots(rows) for article_id, rows in by_article.items()}
    empty = ThreadPages([], [])
    cut_trees = set()
    for comment in found:
        article_pages = pages.get(comment.article_id, empty)
        number = article_pages.number_of(comment.tree_id)
        if comment.level > comments.model.DISPLAY_DEPTH or article_pages.is_cut(article_pages.paginator.page(number)):
            cut_trees.add(comment.tree_id)
    skeletons = skeletons_of(comments, cut_trees) if cut_trees else {}
    for comment in found:
        comment.placement = place(
            comments,
            comment,
            "old",
            pages=pages.get(comment.article_id, empty),
            skeleton=skeletons.get(comment.tree_id, []),
        )


def _nearest_shown(comment, skeleton, shown: set[int]) -> int:
    """The comment's nearest ancestor among `shown` (the skeleton holds its ancestors down to the page's depth)."""
    containing = [row for row in skeleton if row.lft < comment.lft and row.rght > comment.rght and row.pk in shown]
    return max(containing, key=lambda row: row.level).pk if containing else comment.pk


def skeletons_of(comments, tree_ids) -> dict[int, list]:
    """The skeletons of these threads down to the depth a page shows, by tree id (one query)."""
    found: dict[int, list] = {}
    rows = comments.filter(tree_id__in=tree_ids, level__lte=comments.model.DISPLAY_DEPTH).order_by("tree_id", "lft")
    for row in rows.values_list(*SKELETON_FIELDS, named=True):
        found.setdefault(row.tree_id, []).append(row)
    return found
