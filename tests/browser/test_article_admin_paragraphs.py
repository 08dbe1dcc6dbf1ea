"""A moderator saves the seed article from its admin page in a real browser: its paragraphs survive."""

import pytest

from tests.builders import make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator password"


def test_saving_the_seed_article_in_the_browser_keeps_five_paragraphs(page, seed_article, screenshot):
    make_moderator("maria", password=PASSWORD)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    screenshot(page, "admin-index")
    assert page.locator(".moderation-summary").is_visible()

    page.goto(f"/admin/forum/article/{seed_article.pk}/change/")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/forum/article/")
    seed_article.refresh_from_db()
    assert "\r" not in seed_article.body

    page.goto(seed_article.get_absolute_url())
    assert page.locator(".article-body p").count() == 5
    assert page.locator(".article-body br").count() == 0
