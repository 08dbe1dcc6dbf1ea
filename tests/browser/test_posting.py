import re

import pytest

from comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def sign_up_and_log_in_again(page, username: str, next_url: str) -> None:
    page.goto("/accounts/signup/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.locator(".signed-in-as").inner_text() == username
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").is_visible()

    page.goto(next_url)
    page.get_by_role("link", name="Log in").first.click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_url)))
    assert page.locator(".signed-in-as").inner_text() == username


def test_sign_up_log_in_and_reply_to_a_nested_comment_in_place(page, seed_article, screenshot):
    article_url = seed_article.get_absolute_url()
    sign_up_and_log_in_again(page, "zoe", article_url)

    # Comment 12 sits five levels deep; its reply form opens right under it.
    page.locator("#c12 > article .comment-links .reply-link").first.click()
    form = page.locator("#reply-to-12")
    assert form.is_visible()
    assert page.evaluate("document.activeElement.id") == "reply-body-12"
    form.get_by_label("Your reply").fill("Zoe answers the deepest comment.")
    screenshot(page, "inline-reply-open")
    form.get_by_role("button", name="Post reply").click()

    page.wait_for_url(re.compile(r"#c\d+$"))
    reply = Comment.objects.get(body="Zoe answers the deepest comment.")
    assert page.url.endswith(f"#c{reply.pk}")
    assert reply.parent_id == 12
    in_place = page.locator(f"#c12 #c{reply.pk}")
    in_place.wait_for()  # the page reloads at the new comment's anchor
    assert in_place.is_visible()
    assert "zoe" in in_place.locator(".author").first.inner_text()
    assert page.console_errors == []


def test_an_empty_reply_shows_the_message_in_place_and_keeps_the_form(page, seed_article, screenshot):
    article_url = seed_article.get_absolute_url()
    sign_up_and_log_in_again(page, "yann", article_url)
    page.locator("#c9 > article .comment-links .reply-link").first.click()
    form = page.locator("#reply-to-9")
    form.get_by_role("button", name="Post reply").click()

    alert = form.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("Write something before posting")
    assert page.evaluate("document.activeElement.classList.contains('form-message')")
    assert page.url.endswith(article_url)  # still on the discussion, the form where it was
    assert form.locator("textarea").get_attribute("aria-invalid") == "true"

    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "empty-reply-phone")

    form.locator("textarea").fill("Now with words, in the same form.")
    form.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"#c\d+$"))
    assert Comment.objects.filter(parent_id=9, body="Now with words, in the same form.").count() == 1
    # The refused form was answered with a 400, which Chromium notes in the console; nothing else may.
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def test_without_javascript_the_reply_link_opens_a_page_showing_the_parent(browser, live_server, seed_article):
    from tests.builders import make_user

    make_user("nojs", password=PASSWORD)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"/accounts/login/?next={seed_article.get_absolute_url()}")
        page.locator("#id_username").fill("nojs")
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.locator("#c7 > article .comment-links .reply-link").first.click()
        page.wait_for_url("**/c/7/reply/")
        assert page.locator(".context .comment-body").is_visible()
        page.get_by_label("Your comment").fill("Posted without any script.")
        page.get_by_role("button", name="Post reply").click()
        page.wait_for_url(re.compile(r"#c\d+$"))
        assert Comment.objects.filter(parent_id=7, body="Posted without any script.").exists()
    finally:
        context.close()
