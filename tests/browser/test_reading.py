"""Reading in a real browser: the seed discussion at desktop and phone widths, with and without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client

from comments.models import Comment
from tests.builders import make_article, make_chain, make_comment, make_user
from tests.html_checks import assert_valid_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


def assert_accessible(page, what: str) -> None:
    """axe-core's default rules: names and labels, landmarks, headings, contrast, ARIA."""
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"the page scrolls sideways ({width}px in a {viewport}px window)"


def test_seed_thread_reads_nested_and_collapses(page, seed_article, screenshot):
    response = page.goto(seed_article.get_absolute_url())
    assert_valid_html(response.text())
    assert page.locator("li.comment").count() == 13
    # Concrete Mike's reply sits five levels under the anonymous comment.
    assert page.locator("#c7 li.comment").count() == 5
    assert page.locator("#c12").locator("xpath=ancestor::li[contains(@class,'comment')]").count() == 5

    summary = page.locator("#c9 > article > details > summary")
    folded = summary.locator(".folded-count")
    reply_text = page.get_by_text("Why ? To add to his collection of downed Russian planes?")
    assert reply_text.is_visible()
    assert not folded.is_visible()
    summary.click()
    assert not reply_text.is_visible()
    assert folded.inner_text() == "(3 more comments)"
    assert page.locator("#c8").is_visible(), "folding one comment leaves its siblings alone"
    summary.focus()
    page.keyboard.press("Enter")
    assert reply_text.is_visible()
    page.keyboard.press("Space")
    assert not reply_text.is_visible()
    page.keyboard.press("Space")
    assert reply_text.is_visible()
    assert_accessible(page, "article page, light theme")
    screenshot(page, "seed-article-desktop")

    page.emulate_media(color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 23, 26)"
    assert_accessible(page, "article page, dark theme")
    screenshot(page, "seed-article-desktop-dark")
    page.emulate_media(color_scheme="light")

    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    assert_accessible(page, "article page on a phone")
    screenshot(page, "seed-article-phone")

    page.locator("#c12 .comment-links a", has_text="link").click()
    page.wait_for_url("**/c/12/")
    assert page.locator(".ancestor").count() == 5
    assert page.get_by_text("Enough blood has been shed").is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page, "comment page")
    screenshot(page, "seed-comment-phone")
    page.get_by_role("link", name="The whole discussion at this comment").click()
    page.wait_for_url(f"**{seed_article.get_absolute_url()}#c12")
    assert page.console_errors == []


def test_keyboard_reaches_the_fold_control_with_a_visible_focus_ring(page, seed_article):
    page.goto(seed_article.get_absolute_url())
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("no comment's fold control is reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_a_deep_thread_stays_readable_on_a_phone(page, screenshot):
    article = make_article("A long argument")
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 3, body="I disagree, and here is a longer reason why. " * 3)
    page.set_viewport_size(PHONE)
    page.goto(article.get_absolute_url())
    assert_no_sideways_scroll(page)
    deepest = page.locator(f"#c{chain[Comment.DISPLAY_DEPTH].pk} > article > details > .comment-body")
    assert deepest.bounding_box()["width"] >= 220, "the deepest comment shown keeps room for its text"
    screenshot(page, "deep-thread-phone")
    page.get_by_role("link", name="Continue this thread →").click()
    page.wait_for_url(f"**{chain[Comment.DISPLAY_DEPTH].get_permalink()}#c{chain[Comment.DISPLAY_DEPTH].pk}")
    assert page.locator(f"#c{chain[-1].pk}").is_visible()
    assert_no_sideways_scroll(page)


def test_folding_works_without_javascript(browser, live_server, seed_article):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(seed_article.get_absolute_url())
        reply_text = page.get_by_text("Why ? To add to his collection of downed Russian planes?")
        page.locator("#c9 > article > details > summary").click()
        assert not reply_text.is_visible()
        page.locator("#c9 > article > details > summary").click()
        assert reply_text.is_visible()
    finally:
        context.close()


def test_time_labels_stay_fresh_on_a_page_left_open(page):
    article = make_article()
    comment = make_comment(article)
    page.clock.install(time=comment.created)
    page.goto(article.get_absolute_url())
    label = page.locator(f"#c{comment.pk} time")
    assert label.inner_text() == "just now"
    assert label.get_attribute("title").endswith("UTC")
    page.clock.fast_forward("02:00:30")
    assert label.inner_text() == "2\xa0hours ago"


def test_front_and_error_pages_pass_the_accessibility_check(page, seed_article):
    page.goto("/")
    assert page.get_by_role("link", name=seed_article.title).is_visible()
    assert_accessible(page, "front page")
    page.goto("/c/nonsense/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert_accessible(page, "404 page")


def test_placeholders_and_the_moderators_view_pass_the_accessibility_check(page, live_server):
    article = make_article()
    hidden = make_comment(article, body="a rude remark")
    make_comment(article, hidden, body="a calm answer")
    deleted = make_comment(article, body="second thoughts")
    Comment.objects.filter(pk=hidden.pk).update(state=Comment.State.HIDDEN, public_reason="rude")
    Comment.objects.filter(pk=deleted.pk).update(state=Comment.State.DELETED)

    page.goto(article.get_absolute_url())
    assert page.locator(f"#c{hidden.pk} .placeholder").inner_text() == "[removed by a moderator: rude]"
    assert page.get_by_text("a rude remark").count() == 0
    assert_accessible(page, "placeholders")

    moderator = make_user(is_staff=True)
    moderator.user_permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="comments")
    )
    client = Client()
    client.force_login(moderator)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    page.goto(article.get_absolute_url())
    assert page.get_by_text("a rude remark").is_visible()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page, f"the moderator's view, {scheme} theme")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_a_continued_thread_opens_at_its_comment_marked_with_its_ancestors_on_one_line_each(
    page, screenshot, width, height
):
    article = make_article("A long argument")
    chain = make_chain(article, Comment.DISPLAY_DEPTH + 3, body="I disagree, and here is a longer reason why. " * 6)
    focal = chain[Comment.DISPLAY_DEPTH]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Continue this thread →").click()
    page.wait_for_url(f"**{focal.get_permalink()}#c{focal.pk}")
    # The comment asked for is in view, and marked.
    box = page.locator(f"#c{focal.pk}").bounding_box()
    assert 0 <= box["y"] < height / 2, box
    marked = page.locator(f"#c{focal.pk} > .comment-article > .comment-fold > .comment-body")
    assert marked.evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"
    assert marked.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    reply = page.locator(f"#c{chain[Comment.DISPLAY_DEPTH + 1].pk} .comment-body").first
    assert reply.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)", "only the comment"
    # Its ancestors: one line each, opened on demand.
    summaries = page.locator(".ancestor-fold > summary")
    assert summaries.count() == Comment.DISPLAY_DEPTH
    line = summaries.first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    for index in range(summaries.count()):
        assert summaries.nth(index).bounding_box()["height"] < 2 * line
    first_body = page.locator(f"#c{chain[0].pk} .comment-body")
    assert not first_body.is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page, f"continued thread at {width}px")
    screenshot(page, f"continued-thread-{width}")
    summaries.first.click()
    assert first_body.is_visible()
    screenshot(page, f"continued-thread-{width}-ancestor-open")
    page.get_by_role("link", name="The whole discussion at this comment").click()
    page.wait_for_url(f"**{article.get_absolute_url()}#c{focal.pk}")
    assert page.locator(f"#c{focal.pk}").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_a_big_thread_pages_at_the_top_and_bottom_and_continues_past_its_cut(page, screenshot, settings, width, height):
    from tests.builders import make_big_thread

    settings.THREAD_PAGE_COMMENTS = 30
    article = make_article("A busy discussion")
    make_comment(article, body="An early, short thread.")
    root = make_big_thread(article, 120)
    make_comment(article, body="A later thread.")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(article.get_absolute_url())
    top = page.get_by_role("navigation", name="Comment pages, top")
    bottom = page.get_by_role("navigation", name="Comment pages", exact=True)
    assert top.inner_text().count("Page 1 of 3") == 1 and bottom.is_visible()
    assert top.bounding_box()["y"] < page.locator("ol.thread").bounding_box()["y"]
    top.get_by_role("link", name="Next →").click()
    page.wait_for_url("**?page=2#discussion")
    assert page.locator("li.comment").count() == 30
    assert page.locator(f"#c{root.pk}").is_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page, f"a cut thread at {width}px")
    screenshot(page, f"cut-thread-{width}")
    more = page.locator("p.more-replies a").last
    assert more.inner_text().endswith("more replies →")
    more.click()
    page.wait_for_url(f"**{root.get_permalink()}?after=*")
    target = page.evaluate("location.hash")
    assert page.locator(target).is_visible()
    assert 0 <= page.locator(target).bounding_box()["y"] < height
    assert_accessible(page, f"a thread continued past its cut at {width}px")
    screenshot(page, f"cut-thread-continued-{width}")
    page.goto(f"{article.get_absolute_url()}?page=last")
    assert "Page 3 of 3" in page.get_by_role("navigation", name="Comment pages, top").inner_text()
    assert page.console_errors == []
