"""Writing in the browser: preview, the count near the limit, refusals in place with the text kept,
and quoting, at a phone's width and a desktop's."""

import re

import pytest

from comments.models import Comment
from tests.builders import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"
WIDTHS = [390, 1280]


def log_in(page, username: str, next_url: str) -> None:
    make_user(username, password=PASSWORD)
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_url)))


@pytest.mark.parametrize("width", WIDTHS)
def test_preview_renders_in_place_and_posts_nothing(page, seed_article, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, f"previewer{width}", seed_article.get_absolute_url())
    page.locator("#c3 > article .comment-links .reply-link").first.click()
    form = page.locator("#reply-to-3")
    form.locator("textarea").fill("See [the source](https://example.org/source) and `code`")
    form.get_by_role("button", name="Preview").click()
    link = form.locator(".preview a")
    link.wait_for()
    assert link.inner_text() == "the source"
    assert link.get_attribute("href") == "https://example.org/source"
    assert form.locator(".preview code").inner_text() == "code"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"preview-{width}")
    assert Comment.objects.count() == 13
    form.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"#c\d+$"))
    assert Comment.objects.filter(parent_id=3, body__startswith="See [the source]").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_count_appears_near_the_limit_and_a_too_long_reply_is_refused_in_place(
    page, seed_article, settings, screenshot, width
):
    settings.COMMENT_MAX_LENGTH = 100
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, f"counter{width}", seed_article.get_absolute_url())
    page.locator("#c5 > article .comment-links .reply-link").first.click()
    form = page.locator("#reply-to-5")
    textarea = form.locator("textarea")
    textarea.fill("x" * 50)
    assert form.locator(".char-count").count() == 0 or form.locator(".char-count").inner_text() == ""
    textarea.fill("x" * 90)
    assert form.locator(".char-count").inner_text() == "10 characters left"
    textarea.fill("x" * 120)
    assert form.locator(".char-count").inner_text() == "20 characters over the limit"
    form.get_by_role("button", name="Post reply").click()
    alert = form.get_by_role("alert")
    alert.wait_for()
    assert "at most 100 characters" in alert.inner_text()
    assert textarea.input_value() == "x" * 120  # nothing typed is lost
    screenshot(page, f"too-long-in-place-{width}")
    assert Comment.objects.count() == 13


def test_a_reply_to_a_comment_removed_meanwhile_is_refused_in_place(page, seed_article):
    log_in(page, "latecomer", seed_article.get_absolute_url())
    page.locator("#c4 > article .comment-links .reply-link").first.click()
    form = page.locator("#reply-to-4")
    form.locator("textarea").fill("Answering something that is about to go.")
    Comment.objects.filter(pk=4).update(state=Comment.State.HIDDEN)
    form.get_by_role("button", name="Post reply").click()
    alert = form.get_by_role("alert")
    alert.wait_for()
    assert "removed" in alert.inner_text()
    assert form.locator("textarea").input_value() == "Answering something that is about to go."


@pytest.mark.parametrize("width", WIDTHS)
def test_quote_puts_the_first_paragraph_or_the_selection_in_the_reply(page, seed_article, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, f"quoter{width}", seed_article.get_absolute_url())
    first_paragraph = page.locator("#c2 > article .comment-body p").first.inner_text()
    page.locator("#c2 > article .quote-button").first.click()
    textarea = page.locator("#reply-body-2")
    assert textarea.input_value() == "> " + first_paragraph.strip().replace("\n", "\n> ") + "\n\n"
    assert page.evaluate("document.activeElement.id") == "reply-body-2"

    # A selection inside another comment's text is quoted instead.
    page.evaluate(
        """() => {
            const text = document.querySelector('#c6 > article .comment-body p').firstChild;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, 10);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    selected = page.evaluate("getSelection().toString()")
    page.locator("#c6 > article .quote-button").first.click()
    assert page.locator("#reply-body-6").input_value() == f"> {selected.strip()}\n\n"
    screenshot(page, f"quote-{width}")
    assert page.console_errors == []
