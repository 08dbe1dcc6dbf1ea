"""The XSS corpus in a real browser: no payload runs, and none even tries (which the policy would report)."""

import pytest
from django.urls import reverse

from tests.browser.test_csp import PASSWORD, RECORD_VIOLATIONS, log_in, violations, visit
from tests.builders import make_user
from tests.security.test_xss import PAYLOADS, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_payload_runs_on_the_reading_and_admin_pages(page):
    moderator = make_user("moderator", password=PASSWORD, is_staff=True, is_superuser=True)
    # Every payload at once, each field cut to its length: the long fields hold them all.
    world = build_world("\n\n".join(PAYLOADS), moderator)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)

    article_url = world["article"].get_absolute_url()
    for path in ["/", article_url, world["root"].get_permalink(), world["named"].get_permalink()]:
        visit(page, path)
        page.locator("body").hover()  # mouse-over handlers, had any survived
        assert violations(page) == [], path
    log_in(page, "moderator", "/admin/login/?next=/admin/")
    for path in [
        article_url,  # with the hidden text shown to moderators
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_change", args=[world["root"].pk]),
        reverse("admin:comments_report_changelist"),
        reverse("admin:forum_article_change", args=[world["article"].pk]),
        reverse("admin:auth_user_change", args=[world["hostile_user"].pk]),
    ]:
        visit(page, path)
        assert violations(page) == [], path
    assert dialogs == []
    assert page.evaluate("typeof window.XSS") == "undefined"
