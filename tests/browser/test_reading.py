import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_seed_thread_reads_nested_and_collapses(page, seed_article, screenshot):
    page.goto(seed_article.get_absolute_url())
    comments = page.locator("li.comment")
    assert comments.count() == 13
    # Concrete Mike's reply sits five levels under the anonymous comment.
    assert page.locator("#c7 li.comment").count() == 5
    assert page.locator("#c12").locator("xpath=ancestor::li[contains(@class,'comment')]").count() == 5

    summary = page.locator("#c9 > details > summary")
    reply_text = page.get_by_text("Why ? To add to his collection of downed Russian planes?")
    assert reply_text.is_visible()
    summary.click()
    assert not reply_text.is_visible()
    assert page.locator("#c9 > details > summary .folded-count").inner_text() == "(3 more comments)"
    summary.focus()
    page.keyboard.press("Enter")
    assert reply_text.is_visible()
    screenshot(page, "seed-article-desktop")

    page.set_viewport_size({"width": 360, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(page, "seed-article-phone")

    page.locator("#c12 .comment-links a", has_text="link").click()
    page.wait_for_url("**/c/12/")
    assert page.locator(".ancestor").count() == 5
    assert page.get_by_text("Enough blood has been shed").is_visible()
    assert page.console_errors == []
