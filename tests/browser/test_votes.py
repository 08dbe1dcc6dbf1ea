"""Voting in the browser: in place with JavaScript, and through the form without it."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.builders import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def log_in(page, username: str, next_url: str) -> None:
    make_user(username, password=PASSWORD)
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_url)))


@pytest.mark.parametrize("width", [390, 1280])
def test_a_vote_in_place_presses_the_button_and_counts(page, seed_article, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, f"voter{width}", seed_article.get_absolute_url())
    button = page.locator("#c3 > article .vote-button").first
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert button.locator(".vote-count").inner_text() == "1"
    assert Comment.objects.get(pk=3).vote_count == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"voted-{width}")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert Comment.objects.get(pk=3).vote_count == 0
    assert page.console_errors == []


def test_without_javascript_the_vote_form_posts_and_returns(browser, live_server, seed_article):
    make_user("nojsvoter", password=PASSWORD)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/accounts/login/?next={seed_article.get_absolute_url()}")
        page.locator("#id_username").fill("nojsvoter")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.locator("#c5 > article .vote-button").first.click()
        page.wait_for_url(re.compile(r"#c5$"))
        assert page.locator("#c5 > article .vote-button").first.get_attribute("aria-pressed") == "true"
        assert Comment.objects.get(pk=5).vote_count == 1
    finally:
        context.close()
