"""The site and its admin work under the Content-Security-Policy: no page trips it.

Chromium fires `securitypolicyviolation` for everything the policy blocks (an inline
script or style, a javascript: URL, a foreign load); a listener installed before any
page script runs records them, and so does the console. Each page is also used a
little (folding a thread, the admin's select-all, calendar and slug scripts), since
many violations only happen when a script does something.
"""

import pytest

from tests.builders import make_moderator, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long browser password"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


def violations(page) -> list[str]:
    recorded = page.evaluate("window.__cspViolations")
    from_console = [message for message in page.console_errors if "Content Security Policy" in message]
    return recorded + from_console


def visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert "content-security-policy" in response.headers, path
    page.wait_for_load_state("load")


def log_in(page, username: str, path: str = "/accounts/login/") -> None:
    visit(page, path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state("load")


def test_reading_and_posting_pages_trip_no_policy(page, seed_article):
    make_user("reader", password=PASSWORD)
    comment = seed_article.comments.filter(parent__isnull=True).first()
    page.add_init_script(RECORD_VIOLATIONS)

    for path in ["/", seed_article.get_absolute_url(), comment.get_permalink(), "/no/such/page/", "/accounts/signup/"]:
        visit(page, path)
        assert violations(page) == [], path

    visit(page, seed_article.get_absolute_url())
    summary = page.locator("li.comment details > summary").first
    summary.click()  # fold
    summary.click()  # and unfold
    assert page.locator(".author").first.evaluate("node => getComputedStyle(node).unicodeBidi") == "isolate"
    assert violations(page) == []

    log_in(page, "reader")
    visit(page, seed_article.get_absolute_url())
    page.locator(".reply-link").first.click()  # forum.js opens the reply form under the comment
    inline_form = page.locator("form[id^=reply-to-]")
    inline_form.locator("textarea").fill("Posted through the inline form, under the policy.")
    assert violations(page) == []
    inline_form.get_by_role("button", name="Preview").click()  # fetched and shown in place (connect-src 'self')
    inline_form.locator(".preview").wait_for()
    inline_form.get_by_role("button", name="Post reply").click()
    posted = page.locator("li.comment > article > details > .comment-body", has_text="Posted through the inline form")
    posted.wait_for()  # the page reloads at the new comment
    page.wait_for_load_state("load")
    assert violations(page) == []
    for path in [seed_article.get_absolute_url(), f"/c/{comment.pk}/reply/", f"/c/{comment.pk}/report/"]:
        visit(page, path)
        assert violations(page) == [], path
    # The one error expected is the 404 page's own status, visited on purpose above.
    assert [error for error in page.console_errors if "status of 404" not in error] == []


def test_the_admin_trips_no_policy(page, seed_article):
    make_moderator("maria", password=PASSWORD, is_superuser=True)
    comment = seed_article.comments.first()
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, "maria", "/admin/login/?next=/admin/")
    assert page.url.endswith("/admin/")

    visit(page, "/admin/comments/comment/")
    page.locator("#action-toggle").check()  # actions.js: select every row
    assert page.locator('input[name="_selected_action"]:checked').count() > 0
    assert violations(page) == []
    visit(page, "/admin/comments/comment/")
    page.locator(f'input[name="_selected_action"][value="{comment.pk}"]').check()
    page.locator('select[name="action"]').select_option("hide_comments")
    page.get_by_role("button", name="Go").click()  # the page asking for the reason
    page.get_by_role("textbox", name="Reason").fill("checked under the policy")
    assert violations(page) == []
    page.get_by_role("button", name="Hide comments").click()
    page.get_by_text("Hid 1 comment.").wait_for()
    assert violations(page) == []
    visit(page, f"/admin/comments/comment/{comment.pk}/change/")
    visit(page, f"/admin/forum/article/{seed_article.pk}/change/")
    visit(page, "/admin/forum/article/add/")
    page.locator("#id_title").press_sequentially("A title typed here")  # prepopulate.js fills the slug
    assert page.locator("#id_slug").input_value() == "a-title-typed-here"
    page.locator(".datetimeshortcuts a").first.click()  # calendar.js: "Today"
    assert page.locator("#id_published_0").input_value() != ""
    assert violations(page) == []
    for path in [
        "/admin/",
        "/admin/comments/reportedcomment/",
        "/admin/comments/report/",
        "/admin/comments/suspension/add/",
        "/admin/comments/moderationaction/",
        "/admin/auth/user/",
        "/admin/password_change/",
    ]:
        visit(page, path)
        assert violations(page) == [], path
    assert violations(page) == []
