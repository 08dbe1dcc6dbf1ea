"""The inbox in a real browser, at a phone's width and a desktop's: read, marked, followed to the comment."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from comments.models import Comment
from tests.builders import make_article, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def assert_accessible(page, what: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_reads_marks_and_follows_their_notifications(page, screenshot, width):
    alice, bob = make_user("alice", password=PASSWORD), make_user("bob")
    article = make_article(title="The river in spring")
    question = Comment.objects.start_thread(article, author=alice, body="Where does the river start?")
    first = Comment.objects.reply(question, author=bob, body="In the hills, under the old bridge.")
    Comment.objects.reply(question, author=bob, body="And @alice, it floods in April " + "every year " * 12)

    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "alice")
    inbox_link = page.get_by_role("link", name=re.compile(r"^Inbox \(2 unread\)$"))
    assert inbox_link.is_visible()
    inbox_link.click()
    page.wait_for_url("**/inbox/")
    notices = page.locator("li.notification")
    assert notices.count() == 2
    assert "floods in April" in notices.first.inner_text()  # newest first
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page, f"inbox at {width}px, {scheme}")
        screenshot(page, f"inbox-{width}-{scheme}")
    page.emulate_media(color_scheme="light")

    notices.first.get_by_role("button", name="Mark read").click()
    page.wait_for_url("**/inbox/")
    assert page.get_by_role("link", name=re.compile(r"^Inbox \(1 unread\)$")).is_visible()
    page.get_by_role("button", name="Mark all read").click()
    assert page.get_by_role("link", name="Inbox", exact=True).is_visible()

    page.locator("li.notification").nth(1).get_by_role("link", name="Go to the comment").click()
    page.wait_for_url(f"**/c/{first.pk}/#c{first.pk}")
    assert page.locator(f"#c{first.pk}").is_visible()
    assert page.console_errors == []
