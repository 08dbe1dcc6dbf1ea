"""A moderator acts from the discussion itself: in place with JavaScript, through small form pages
without it; readers get none of it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from comments.models import Comment, ModerationAction, Suspension
from comments.models.moderation_reason import ensure_default_reasons
from tests.builders import make_moderator, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long moderator password"
HOSTILE_TEXT = "Russian military is fed up with Zionist parasites"


def log_in(page, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(next_url)))


def assert_accessible(page, what: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


@pytest.fixture
def hostile(seed_article):
    ensure_default_reasons()
    make_moderator("maria", password=PASSWORD)
    comment = seed_article.comments.get(body__startswith=HOSTILE_TEXT)
    return comment, comment.get_children().get()


def own_links(page, comment):
    # The comment's own links, not those of its replies nested inside it.
    return page.locator(f"#c{comment.pk} > article > details > .comment-links")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_moderator_hides_and_unhides_in_place(page, seed_article, hostile, screenshot, width):
    comment, reply = hostile
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "maria", seed_article.get_absolute_url())
    own_links(page, comment).get_by_role("link", name="hide", exact=True).click()
    panel = page.locator(f"#c{comment.pk} .moderation-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_label("Reason", exact=True)).to_be_focused()
    panel.get_by_label("Reason", exact=True).select_option("hate")
    panel.get_by_label("Show the reason to readers").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, "the hide form in place")
    screenshot(page, f"moderation-in-thread-hide-{width}")
    url_before = page.url
    panel.get_by_role("button", name="Hide this comment").click()
    status = page.locator(f"#c{comment.pk} .moderation-status")
    expect(status).to_have_text("Hid the comment.")
    assert page.url == url_before  # in place: the page did not change
    expect(page.locator(f"#c{comment.pk} > article .placeholder")).to_have_text("[removed by a moderator: hate]")
    expect(page.locator(f"#c{reply.pk}")).to_be_visible()  # its reply stays in the thread
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HIDDEN
    entry = ModerationAction.objects.get(action=ModerationAction.Kind.HIDE)
    assert (entry.moderator.username, entry.reason, entry.public_reason) == ("maria", "hate", "hate")

    own_links(page, comment).get_by_role("link", name="unhide").click()
    page.locator(f"#c{comment.pk} .moderation-panel").get_by_role("button", name="Unhide this comment").click()
    expect(page.locator(f"#c{comment.pk} .moderation-status")).to_have_text("Unhid the comment: readers see it again.")
    expect(page.locator(f"#c{comment.pk} > article .placeholder")).to_have_count(0)
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert page.console_errors == []


def test_a_moderator_locks_a_sub_thread_in_place_and_lifts_the_lock(page, seed_article, hostile, screenshot):
    comment, reply = hostile
    log_in(page, "maria", seed_article.get_absolute_url())
    own_links(page, comment).get_by_role("link", name="lock replies").click()
    panel = page.locator(f"#c{comment.pk} .moderation-panel")
    panel.get_by_role("button", name="Lock replies below this comment").click()
    expect(panel.locator(".errorlist")).to_contain_text("Choose a reason")  # refused in place, nothing done
    panel = page.locator(f"#c{comment.pk} .moderation-panel")
    panel.get_by_label("Or in your own words").fill("going in circles")
    panel.get_by_role("button", name="Lock replies below this comment").click()
    expect(page.locator(f"#c{comment.pk} .moderation-status")).to_have_text("Locked replies below the comment.")
    notice = page.locator(f"#c{comment.pk} > article .replies-locked")
    expect(notice).to_have_text("Replies locked by a moderator: going in circles")
    expect(page.locator(f"#c{comment.pk} .reply-link")).to_have_count(0)  # none in the whole sub-thread
    assert page.locator(".reply-link").count() > 0  # the rest of the discussion stays open
    screenshot(page, "moderation-in-thread-locked")

    own_links(page, comment).get_by_role("link", name="unlock replies").click()
    page.locator(f"#c{comment.pk} .moderation-panel").get_by_role(
        "button", name="Unlock replies below this comment"
    ).click()
    expect(page.locator(f"#c{comment.pk} .moderation-status")).to_have_text("Unlocked replies below the comment.")
    expect(page.locator(f"#c{reply.pk} .reply-link")).to_have_count(1)
    kinds = list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))
    assert kinds == ["lock", "unlock"]
    # The browser notes the refused form's 400; no script failed.
    assert [error for error in page.console_errors if "status of 400" not in error] == []


def test_a_moderator_suspends_an_author_in_place_and_can_cancel_a_form(page, seed_article, hostile):
    comment, _ = hostile
    author = make_user("hostile-author", password=PASSWORD)
    Comment.objects.filter(pk=comment.pk).update(author=author)
    log_in(page, "maria", seed_article.get_absolute_url())
    links = own_links(page, comment)
    links.get_by_role("link", name="hide", exact=True).click()
    page.locator(f"#c{comment.pk} .moderation-panel").get_by_role("link", name="Cancel").click()
    expect(page.locator(f"#c{comment.pk} .moderation-panel")).to_have_count(0)
    expect(links.get_by_role("link", name="hide", exact=True)).to_be_focused()

    links.get_by_role("link", name="suspend author").click()
    panel = page.locator(f"#c{comment.pk} .moderation-panel")
    panel.get_by_label("7 days").check()
    panel.get_by_label("Reason", exact=True).select_option("incivility")
    panel.get_by_label("Note to the user (optional)").fill("Three warnings this week.")
    panel.get_by_role("button", name="Suspend the author").click()
    expect(page.locator(f"#c{comment.pk} .moderation-status")).to_contain_text("Suspended hostile-author until")
    suspension = Suspension.active_for(author)
    assert suspension.reason == "incivility. Three warnings this week."
    assert page.console_errors == []


def test_without_javascript_each_action_is_a_form_page_that_comes_back_to_the_comment(
    browser, live_server, seed_article, hostile, screenshot
):
    comment, reply = hostile
    Comment.objects.filter(pk=reply.pk).update(author=make_user("replier"))  # seed comments have no accounts
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "maria", seed_article.get_absolute_url())
    own_links(page, comment).get_by_role("link", name="hide", exact=True).click()
    page.wait_for_url(f"**/c/{comment.pk}/hide/")
    page.get_by_label("Or in your own words").fill("a slur against readers")
    screenshot(page, "moderation-in-thread-hide-page")
    page.get_by_role("button", name="Hide this comment").click()
    page.wait_for_url(f"**/c/{comment.pk}/#c{comment.pk}")
    expect(page.locator(".messages")).to_have_text("Hid the comment.")
    assert Comment.objects.get(pk=comment.pk).public_reason == ""  # kept in the log only

    own_links(page, reply).get_by_role("link", name="lock replies").click()
    page.get_by_label("Reason", exact=True).select_option("off-topic")
    page.get_by_role("button", name="Lock replies below this comment").click()
    page.wait_for_url(f"**/c/{reply.pk}/#c{reply.pk}")
    expect(page.locator(".messages")).to_have_text("Locked replies below the comment.")
    expect(page.locator(f"#c{reply.pk} .replies-locked")).to_have_text("Replies locked by a moderator: off-topic")

    own_links(page, reply).get_by_role("link", name="suspend author").click()
    page.get_by_label("permanent").check()
    page.get_by_label("Reason", exact=True).select_option("spam")
    page.get_by_role("button", name="Suspend the author").click()
    page.wait_for_url(f"**/c/{reply.pk}/#c{reply.pk}")
    expect(page.locator(".messages")).to_contain_text("permanently")
    assert Suspension.active_for(Comment.objects.get(pk=reply.pk).author).is_permanent
    context.close()


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_a_reader_never_receives_moderator_controls(page, seed_article, hostile, who):
    comment, _ = hostile
    if who == "reader":
        make_user("rita", password=PASSWORD)
        log_in(page, "rita", seed_article.get_absolute_url())
    else:
        page.goto(seed_article.get_absolute_url())
    for url in (seed_article.get_absolute_url(), comment.get_permalink()):
        page.goto(url)
        html = page.content()
        for marker in ("moderation-action", "moderate-link", "/hide/", "/lock-replies/", "moderation.js"):
            assert marker not in html, (url, marker)
    response = page.goto(f"/c/{comment.pk}/hide/")
    assert response.status == 403 if who == "reader" else "/accounts/login/" in page.url
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_a_moderator_acts_in_place_on_a_comment_s_own_page(page, seed_article, hostile):
    comment, reply = hostile
    log_in(page, "maria", comment.get_permalink())
    own_links(page, reply).get_by_role("link", name="hide", exact=True).click()
    panel = page.locator(f"#c{reply.pk} .moderation-panel")
    panel.get_by_label("Reason", exact=True).select_option("off-topic")
    panel.get_by_role("button", name="Hide this comment").click()
    expect(page.locator(f"#c{reply.pk} .moderation-status")).to_have_text("Hid the comment.")
    expect(page.locator(f"#c{reply.pk} .placeholder")).to_have_text("[removed by a moderator]")
    assert page.url.endswith(comment.get_permalink())
    assert page.console_errors == []


def test_opening_a_second_moderation_form_closes_the_first_so_each_label_ticks_its_own_box(page, seed_article, hostile):
    first, second = seed_article.comments.filter(level=0).order_by("tree_id")[:2]
    log_in(page, "maria", seed_article.get_absolute_url())
    own_links(page, first).get_by_role("link", name="hide", exact=True).click()
    expect(page.locator(f"#c{first.pk} .moderation-panel")).to_be_visible()
    own_links(page, second).get_by_role("link", name="hide", exact=True).click()
    panel = page.locator(f"#c{second.pk} .moderation-panel")
    expect(panel).to_be_visible()
    expect(page.locator(".moderation-panel")).to_have_count(1)
    expect(own_links(page, first).get_by_role("link", name="hide", exact=True)).to_have_attribute(
        "aria-expanded", "false"
    )
    panel.get_by_text("Show the reason to readers").click()
    expect(panel.get_by_label("Show the reason to readers")).to_be_checked()
    assert (
        page.evaluate(
            "() => { const seen = new Set(); for (const e of document.querySelectorAll('[id]')) {"
            " if (seen.has(e.id)) return e.id; seen.add(e.id); } return null; }"
        )
        is None
    )
    assert_accessible(page, "a second moderation form")
    assert page.console_errors == []


def test_a_moderation_form_deep_in_a_thread_has_a_heading_one_level_below_its_comment(page, hostile):
    from tests.builders import make_article, make_chain

    article = make_article("A long argument")
    chain = make_chain(article, 7)
    deep = chain[4]  # its meta line is an h6 with aria-level 7, its reply's 8
    log_in(page, "maria", article.get_absolute_url())
    assert page.locator(f"#c{deep.pk}-h").get_attribute("aria-level") == "7"
    own_links(page, deep).get_by_role("link", name="hide", exact=True).click()
    heading = page.locator(f"#c{deep.pk} .moderation-panel .moderation-heading")
    expect(heading).to_have_text("Hide this comment")
    assert heading.evaluate("h => [h.tagName, h.getAttribute('aria-level')]") == ["H6", "8"]
    assert_accessible(page, "a moderation form five levels down")
    assert page.console_errors == []


def test_a_refused_moderation_form_comes_back_in_place_with_its_heading_still_below_its_comment(
    page, seed_article, hostile
):
    comment, _ = hostile
    log_in(page, "maria", seed_article.get_absolute_url())
    own_links(page, comment).get_by_role("link", name="hide", exact=True).click()
    panel = page.locator(f"#c{comment.pk} .moderation-panel")
    panel.get_by_role("button", name="Hide this comment").click()  # no reason: refused, 400
    expect(panel.locator("[role=alert]")).to_have_text("Please correct the errors below.")
    own_level = int(page.locator(f"#c{comment.pk}-h").evaluate("h => h.tagName")[1])
    assert panel.locator(".moderation-heading").evaluate("h => h.tagName") == f"H{own_level + 1}"
    assert page.locator(".moderation-panel h1").count() == 0
    assert_accessible(page, "a refused moderation form in place")
    assert Comment.objects.get(pk=comment.pk).is_visible
