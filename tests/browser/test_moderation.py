"""A moderator cleans up the seed discussion from admin: hide with a reason, check the thread, unhide, read the log."""

import pytest

from tests.builders import make_moderator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator password"
HOSTILE_TEXT = "Russian military is fed up with Zionist parasites"
REPLY_TEXT = "Gee. I hope you are right!"


def run_action(page, search: str, comment_pk: int, action: str) -> None:
    page.goto(f"/admin/comments/comment/?q={search}")
    page.locator(f'input[name="_selected_action"][value="{comment_pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.get_by_role("button", name="Go").click()


def test_a_moderator_hides_and_unhides_a_seed_comment_and_the_log_shows_both(
    page, browser, live_server, seed_article, screenshot
):
    from playwright.sync_api import expect  # imported here: without Playwright the fixtures skip or fail clearly

    make_moderator("maria", password=PASSWORD)
    hostile = seed_article.comments.get(body__startswith=HOSTILE_TEXT)
    reply = hostile.get_children().get()
    reader = browser.new_context(base_url=live_server.url).new_page()

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    run_action(page, "Nutter", hostile.pk, "hide_comments")
    page.get_by_role("textbox", name="Reason").fill("hate speech against other readers")
    page.get_by_label("Show this reason to readers").check()
    screenshot(page, "moderation-hide-reason")
    page.get_by_role("button", name="Hide comments").click()
    expect(page.get_by_text("Hid 1 comment.")).to_be_visible()

    reader.goto(seed_article.get_absolute_url())
    placeholder = reader.locator(f"#c{hostile.pk} .placeholder").first
    assert placeholder.inner_text() == "[removed by a moderator: hate speech against other readers]"
    assert HOSTILE_TEXT not in reader.content()
    assert reader.locator(f"#c{hostile.pk} #c{reply.pk}").get_by_text(REPLY_TEXT).is_visible()
    assert reader.locator("li.comment").count() == 13
    screenshot(reader, "moderation-placeholder")

    # The moderator's view of the thread links each comment to its admin page, where it is unhidden.
    page.goto(seed_article.get_absolute_url())
    page.locator(f"#c{hostile.pk} .moderate-link").first.click()
    page.wait_for_url(f"**/admin/comments/comment/{hostile.pk}/change/")
    page.get_by_role("button", name="Unhide").click()
    expect(page.get_by_text("Unhid the comment: readers see it again.")).to_be_visible()
    screenshot(page, "moderation-comment-page")

    reader.reload()
    assert reader.get_by_text(HOSTILE_TEXT).is_visible()
    assert reader.locator(f"#c{hostile.pk} .placeholder").count() == 0
    assert reader.get_by_text(REPLY_TEXT).is_visible()

    page.goto("/admin/comments/moderationaction/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "unhid a comment" in rows.nth(0).inner_text()
    assert "hid a comment" in rows.nth(1).inner_text()
    assert "hate speech against other readers" in rows.nth(1).inner_text()
    assert all("maria" in rows.nth(i).inner_text() for i in range(2))
    page.goto("/admin/comments/moderationaction/?action__exact=hide")
    assert page.locator("#result_list tbody tr").count() == 1
    screenshot(page, "moderation-log")
    reader.context.close()


def test_a_reader_reports_a_comment_on_a_phone(page, seed_article, screenshot):
    from comments.models import Report
    from tests.builders import make_user

    reader = make_user("rhea", password=PASSWORD)
    hostile = seed_article.comments.get(body__startswith=HOSTILE_TEXT)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("rhea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(seed_article.get_absolute_url())
    page.locator(f"#c{hostile.pk} .comment-links").first.get_by_role("link", name="report").click()
    page.wait_for_url(f"**/c/{hostile.pk}/report/")
    page.get_by_label("abuse or harassment").check()
    page.get_by_label("Details").fill("attacks a group of people")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the report page scrolls sideways on a phone ({width}px)"
    screenshot(page, "report-phone")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**{seed_article.get_absolute_url()}*")
    assert page.get_by_text("the moderators will look at this comment").is_visible()
    report = Report.objects.get()
    assert (report.comment_id, report.reporter, report.reason) == (hostile.pk, reader, "abuse")
