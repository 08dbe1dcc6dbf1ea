"""Every list a moderator works from fits a 1,280 px window: no column is cut off or scrolled to."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, Report, Suspension
from tests.builders import make_moderator, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator password"
CHANGELISTS = [
    "/admin/comments/comment/",
    "/admin/comments/comment/?o=4",  # thread order: the tree, indented
    "/admin/comments/reportedcomment/",
    "/admin/comments/report/",
    "/admin/comments/suspension/",
    "/admin/comments/moderationaction/",
    "/admin/forum/article/",
    "/admin/auth/user/",
]
# What a table and its scrolling container measure, and the page as a whole.
MEASURE = """() => {
  const table = document.querySelector('#result_list');
  const area = table.closest('.results') || table.parentElement;
  return {table: table.scrollWidth, area: area.clientWidth, page: document.documentElement.scrollWidth,
          window: window.innerWidth};
}"""


def busy_discussion(article, moderator) -> None:
    """Long names, reasons and reports in every list, as in a busy discussion."""
    reader = make_user("a-reader-with-a-rather-long-username-indeed", password=None)
    comments = list(Comment.objects.filter(article=article)[:6])
    for number, comment in enumerate(comments):
        comment.report(by=make_user(password=None), reason=Report.Reason.OTHER, details="off topic " * 30)
        if number % 2:
            comment.hide(by=moderator, reason="a long reason for hiding this comment " * 5)
    Suspension.suspend(
        reader, until=timezone.now() + timedelta(days=3), reason="flooding the thread " * 20, by=moderator
    )


def test_every_moderator_changelist_fits_a_1280_px_window(page, seed_article, screenshot):
    moderator = make_moderator("maria", password=PASSWORD)
    busy_discussion(seed_article, moderator)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    assert page.viewport_size["width"] == 1280
    too_wide = {}
    for url in CHANGELISTS:
        page.goto(url)
        sizes = page.evaluate(MEASURE)
        if sizes["table"] > sizes["area"] or sizes["page"] > sizes["window"]:
            too_wide[url] = sizes
            screenshot(page, "admin-too-wide-" + url.strip("/").replace("/", "-").replace("?", "-"))
    assert not too_wide, too_wide


def test_thread_order_draws_the_discussion_as_an_indented_tree(page, seed_article, screenshot):
    make_moderator("maria", password=PASSWORD)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/comments/comment/")
    page.get_by_role("link", name="thread order").click()
    page.wait_for_url("**/admin/comments/comment/?o=*")
    screenshot(page, "admin-thread-order")
    left = {depth: page.locator(f".thread-depth-{depth}").first.bounding_box()["x"] for depth in (0, 1, 2)}
    assert left[0] < left[1] < left[2]
