"""Reading a big, deep discussion in a real browser, at a phone's width (390 px) and a desktop's (1280 px):
whom each reply answers, nesting lines one can see, moving around by links and keys, folding everything,
what is new since the last visit, and a tree a screen reader can walk (static/js/reading.js)."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone

from comments.models import ArticleVisit, Comment
from tests.browser.conftest import ARTIFACTS
from tests.builders import make_chain, make_comment, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])


def assert_accessible(page, what: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])


def focused_comment(page) -> str:
    return page.evaluate("document.activeElement.closest('li.comment')?.id ?? ''")


# ---------------------------------------------------------------- nesting lines


def contrast(page, foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two computed colours (rgb(...) strings), computed in the page."""
    return page.evaluate(
        """([a, b]) => {
            const channels = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const luminance = (colour) => {
                const [r, g, b] = channels(colour).map((c) => {
                    c /= 255;
                    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
            return (high + 0.05) / (low + 0.05);
        }""",
        [foreground, background],
    )


def line_colours(page) -> dict[str, str]:
    """The colour of each depth's nesting line, as the browser draws it."""
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll("ol.replies"), (list) => [
            list.closest("li.comment").className.match(/depth-\\d+/)[0],
            getComputedStyle(list).borderLeftColor,
        ]))"""
    )


@WIDTHS
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_nesting_line_stands_out_three_to_one_from_the_background(page, scheme, viewport):
    article = make_chain_article()
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    page.goto(article.get_absolute_url())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    colours = line_colours(page)
    assert len(colours) == Comment.DISPLAY_DEPTH, "every depth that opens replies draws a line"
    assert len(set(colours.values())) == 4, "four colours, cycling by depth"
    for depth, colour in colours.items():
        assert contrast(page, colour, background) >= 3, f"{depth} in the {scheme} scheme: {colour} on {background}"


def make_chain_article():
    from tests.builders import make_article

    article = make_article("A long argument")
    make_chain(article, Comment.DISPLAY_DEPTH + 1, body="I disagree, and here is why.")
    return article


@WIDTHS
def test_hovering_or_focusing_a_comment_marks_its_own_line_and_its_parents(page, seed_article, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    own, parents, other = "#c9 > article > details > ol", "#c8 > article > details > ol", "#c7 > article > details > ol"
    colour = lambda selector: page.eval_on_selector(selector, "e => getComputedStyle(e).borderLeftColor")  # noqa: E731
    text = page.evaluate("getComputedStyle(document.body).color")
    before = {selector: colour(selector) for selector in (own, parents, other)}
    assert text not in before.values()
    page.locator("#c9 > article > details > .comment-body").hover()
    assert colour(own) == colour(parents) == text
    assert colour(other) == before[other], "the grandparent's line stays as it was"
    page.mouse.move(0, 0)
    assert colour(own) == before[own]
    page.locator("#c9 > article > details > .comment-links a", has_text="link").focus()
    assert colour(own) == colour(parents) == text


# ---------------------------------------------------------------- whom a reply answers, and moving around


@WIDTHS
def test_a_reply_the_indentation_no_longer_shows_says_whom_it_answers(page, seed_article, screenshot, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    # Concrete Mike's comment sits five levels down, in a list that no longer indents.
    line = page.locator("#c12 > article > details > p.reply-to")
    assert line.inner_text() == "reply to Brother Ma"
    assert line.is_visible()
    assert page.locator("#c9 > article > details > p.reply-to").count() == 0, "indentation shows it there"
    line.get_by_role("link", name="Brother Ma").click()
    assert page.url.endswith("#c11")
    screenshot(page, f"deep-reply-to-{viewport['width']}")
    page.goto("/c/12/")
    assert page.locator("#c12 > article > details > p.reply-to").inner_text() == "reply to Brother Ma"


@WIDTHS
def test_root_parent_and_sibling_links_move_around_the_thread(page, seed_article, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    links = page.locator("#c12 > article > details > .comment-links")
    links.get_by_role("link", name="root", exact=True).click()
    assert page.url.endswith("#c7")
    top = page.locator("#c7 > article > details > .comment-links")
    top.get_by_role("link", name="next", exact=True).click()
    assert page.url.endswith("#c13")
    page.locator("#c13 > article > details > .comment-links").get_by_role("link", name="prev", exact=True).click()
    assert page.url.endswith("#c7")
    page.locator("#c3 > article > details > .comment-links").get_by_role("link", name="parent", exact=True).click()
    assert page.url.endswith("#c2")


def test_sibling_links_follow_the_order_shown(page, seed_article):
    page.goto(seed_article.get_absolute_url() + "?sort=new")
    top = page.locator("#c13 > article > details > .comment-links")
    assert top.get_by_role("link", name="next", exact=True).get_attribute("href") == "#c7"
    assert top.get_by_role("link", name="prev", exact=True).count() == 0


# ---------------------------------------------------------------- folding everything


@WIDTHS
def test_collapse_all_and_expand_all_are_remembered_for_the_page(page, seed_article, screenshot, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    text = page.get_by_text("Gee. I hope you are right!")
    page.get_by_role("button", name="Collapse all").click()
    assert not text.is_visible()
    assert page.locator("details.comment-fold[open]").count() == 0
    screenshot(page, f"collapsed-all-{viewport['width']}")
    page.reload()
    assert page.locator("details.comment-fold[open]").count() == 0, "folds are remembered in this browser"
    page.locator("#c1 > article > details > summary").click()
    page.reload()
    assert page.locator("details.comment-fold[open]").count() == 1
    assert page.locator("#c1 > article > details").get_attribute("open") is not None
    page.get_by_role("button", name="Expand all").click()
    assert text.is_visible()
    page.reload()
    assert page.locator("details.comment-fold:not([open])").count() == 0
    assert page.console_errors == []


def test_a_link_to_a_comment_inside_a_folded_one_opens_the_folds_around_it(page, seed_article):
    page.goto(seed_article.get_absolute_url())
    page.get_by_role("button", name="Collapse all").click()
    page.goto(seed_article.get_absolute_url() + "#c12")
    assert page.locator("#c12 > article > details > .comment-body").is_visible()


# ---------------------------------------------------------------- keyboard shortcuts


@WIDTHS
def test_keys_move_between_comments_fold_them_and_open_a_reply(page, live_server, seed_article, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, make_user("reader"))
    page.goto(seed_article.get_absolute_url())
    page.keyboard.press("j")
    assert focused_comment(page) == "c1"
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused_comment(page) == "c3"
    page.keyboard.press("k")
    assert focused_comment(page) == "c2"
    page.keyboard.press("p")
    assert focused_comment(page) == "c1"
    page.keyboard.press("c")
    assert page.locator("#c1 > article > details").get_attribute("open") is None
    page.keyboard.press("j")
    assert focused_comment(page) == "c4", "j skips what is folded"
    page.keyboard.press("Control+j")
    page.keyboard.press("Alt+j")
    assert focused_comment(page) == "c4", "keys with a modifier are left to the browser"
    page.keyboard.press("r")
    textarea = page.locator("#reply-to-4 textarea")
    assert textarea.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("just keep typing, j k p c n r ?")
    assert textarea.input_value() == "just keep typing, j k p c n r ?"
    assert page.locator("dialog.keyboard-help[open]").count() == 0
    # On a comment's own page, p from the comment goes up to the ancestor above it.
    page.goto("/c/12/")
    page.keyboard.press("j")
    assert focused_comment(page) == "c12"
    page.keyboard.press("p")
    assert page.url.endswith("#c11")
    assert page.evaluate("document.activeElement.closest('li').id") == "c11"
    assert page.console_errors == []


@WIDTHS
def test_j_from_a_link_to_a_reply_moves_on_from_that_reply_not_back_up_to_its_thread(page, seed_article, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url() + "#c9")  # a reply two levels down, its thread's top above the window
    page.keyboard.press("j")
    assert focused_comment(page) == "c9"
    assert page.evaluate("document.getElementById('c9').getBoundingClientRect().top") > -1  # not scrolled back up
    page.keyboard.press("j")
    assert focused_comment(page) == "c10"
    page.goto("/")
    page.goto(seed_article.get_absolute_url() + "#c9")
    page.keyboard.press("k")
    assert focused_comment(page) == "c8", "k goes to the comment just above the window"
    assert page.console_errors == []


@WIDTHS
def test_question_mark_opens_the_help_as_an_accessible_dialog(page, seed_article, screenshot, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    page.keyboard.press("j")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible()
    assert dialog.evaluate("d => d.contains(document.activeElement)"), "focus moves into the dialog"
    for key in ("j", "k", "p", "c", "n", "r"):
        assert dialog.locator("kbd", has_text=re.compile(f"^{re.escape(key)}$")).count() == 1
    page.keyboard.press("j")
    assert dialog.is_visible(), "shortcuts rest while the help is open"
    assert_accessible(page, "the help dialog")
    screenshot(page, f"keyboard-help-{viewport['width']}")  # the whole page, then the window the dialog sits in
    page.screenshot(path=str(ARTIFACTS / f"keyboard-help-{viewport['width']}-window.png"))
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert focused_comment(page) == "c1", "focus returns to where it was"
    page.get_by_role("button", name="Keyboard shortcuts").click()
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()


# ---------------------------------------------------------------- new since the last visit


def fresh_replies(article):
    other = make_user("newcomer")
    first = make_comment(article, Comment.objects.get(pk=3), author=other, body="A new thought under Brother Ma.")
    second = make_comment(article, author=other, body="A new top-level comment.")
    return first, second


@WIDTHS
def test_a_signed_in_reader_finds_what_is_new_since_the_last_visit(
    page, live_server, seed_article, screenshot, viewport
):
    page.set_viewport_size(viewport)
    reader = make_user("returning")
    ArticleVisit.objects.create(user=reader, article=seed_article, seen_at=timezone.now() - timedelta(minutes=5))
    first, second = fresh_replies(seed_article)
    sign_in(page, live_server, reader)
    page.goto(seed_article.get_absolute_url())
    count = page.locator("p.new-comments")
    assert count.inner_text() == "2 new comments since your last visit"
    assert page.locator("li.comment strong.new-mark").count() == 2
    screenshot(page, f"new-since-last-visit-{viewport['width']}")
    count.get_by_role("link").click()
    assert page.url.endswith(f"#c{first.pk}")
    page.locator(f"#c{first.pk} > article > details > .comment-links").get_by_role("link", name="next new").click()
    assert page.url.endswith(f"#c{second.pk}")
    page.locator("#c1 > article > details > summary").focus()
    page.keyboard.press("n")
    assert focused_comment(page) == f"c{first.pk}"
    page.keyboard.press("n")
    assert focused_comment(page) == f"c{second.pk}"
    page.reload()
    assert page.locator("li.comment strong.new-mark").count() == 2, "a reload within the minute keeps the marks"
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page, f"new comments marked, {scheme} scheme")


@WIDTHS
def test_a_reader_not_signed_in_is_told_what_is_new_by_this_browser(page, seed_article, viewport):
    page.set_viewport_size(viewport)
    page.goto(seed_article.get_absolute_url())
    assert page.locator("strong.new-mark").count() == 0, "a first visit marks nothing"
    key = f"threads:visit:{seed_article.get_absolute_url()}"
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{key}')).previous") is None
    # That visit was five minutes ago, and two comments came since.
    page.evaluate(
        f"localStorage.setItem('{key}', JSON.stringify({{seen: Date.now() - 5 * 60 * 1000, previous: null}}))"
    )
    first, _second = fresh_replies(seed_article)
    page.reload()
    assert page.locator("li.comment strong.new-mark").count() == 2
    assert page.locator("p.new-comments").inner_text() == "2 new comments since your last visit"
    page.keyboard.press("n")
    assert focused_comment(page) == f"c{first.pk}"
    page.reload()
    assert page.locator("li.comment strong.new-mark").count() == 2, "a reload within the minute keeps the marks"
    assert page.console_errors == []


# ---------------------------------------------------------------- a tree a screen reader can walk


@WIDTHS
def test_the_accessibility_tree_names_each_comment_its_parent_time_and_level(page, live_server, seed_article, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, make_user("listener"))
    page.goto(seed_article.get_absolute_url())
    tree = page.locator("ol.thread").aria_snapshot()
    ago = r"\d+ years? ago"
    # Each comment is an article named by its author, whom it answers, when, and how deep.
    assert re.search(rf'article "S Melanson {ago} , level 1"', tree)
    assert re.search(rf'article "Brother Ma {ago} , reply to Zionism = EVIL, level 3"', tree)
    assert re.search(rf'article "Concrete Mike {ago} , reply to Brother Ma, level 6"', tree)
    # ... whose meta line is a heading one level below its parent's (the discussion's is h2); past h6 the
    # level goes on in aria-level, as Chromium tells a screen reader.
    assert re.search(rf'heading "Brother Ma {ago} , reply to Zionism = EVIL, level 3" \[level=5\]', tree)
    assert ax_property(page, "heading", "Concrete Mike", "level") == 8
    assert page.locator("ol.thread").get_by_role("heading", level=3).count() == 4, "the four top-level comments"
    # Action links say what they act on; the eye still sees "reply" and "report".
    assert 'link "reply to Brother Ma"' in tree
    assert 'link "report comment by S Melanson"' in tree
    assert page.locator("#c1 > article > details > .comment-links .reply-link").inner_text() == "reply"
    # The fold control is a disclosure with aria-expanded, native to <summary>.
    summary = page.locator("#c1 > article > details > summary")
    assert ax_property(page, "DisclosureTriangle", "S Melanson", "expanded") is True
    summary.click()
    assert ax_property(page, "DisclosureTriangle", "S Melanson", "expanded") is False


def ax_property(page, role: str, name: str, wanted: str):
    """A property of the first node of `role` whose name starts with `name`, in Chromium's own accessibility
    tree (what a screen reader is given; Playwright's snapshot leaves out the fold control and clamps levels)."""
    session = page.context.new_cdp_session(page)
    try:
        for node in session.send("Accessibility.getFullAXTree")["nodes"]:
            if node.get("role", {}).get("value") == role and node.get("name", {}).get("value", "").startswith(name):
                properties = {item["name"]: item["value"].get("value") for item in node.get("properties", [])}
                return properties.get(wanted)
    finally:
        session.detach()
    return None


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_deep_discussion_passes_the_accessibility_check(page, seed_article, scheme, screenshot):
    page.emulate_media(color_scheme=scheme)
    page.goto(seed_article.get_absolute_url())
    assert_accessible(page, f"the seed discussion, {scheme} scheme")
    page.locator("#c9 > article > details > .comment-body").hover()
    assert_accessible(page, f"a hovered comment, {scheme} scheme")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"the seed discussion at 390px, {scheme} scheme")
    screenshot(page, f"deep-discussion-390-{scheme}")
    page.goto("/c/12/")
    assert_accessible(page, f"a comment's own page, {scheme} scheme")


def test_a_malformed_address_fragment_leaves_the_reading_tools_working(page, seed_article):
    page.goto(seed_article.get_absolute_url() + "#%E0%A4%A")  # a cut-off escape: decodeURIComponent throws
    assert page.get_by_role("button", name="Collapse all").count() == 1
    page.keyboard.press("j")
    assert focused_comment(page) == "c1"
    page.goto(seed_article.get_absolute_url() + "#%")
    page.evaluate("location.hash = '#%c'")  # and a hash changed to one later
    assert page.console_errors == []
