"""The report queue: comments with open reports, most-reported first; hide and resolve, or dismiss."""

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationAction, Report
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_reportedcomment_changelist")
REPORTS = reverse("admin:comments_report_changelist")


def reported(comment, times: int, reason=Report.Reason.SPAM, details: str = "") -> list[Report]:
    return [comment.report(by=make_user(password=None), reason=reason, details=details)[0] for _ in range(times)]


@pytest.fixture
def moderator():
    return make_moderator(password=None)


def test_the_queue_lists_reported_comments_most_reported_first(client, moderator):
    article = make_article()
    once, thrice, never = make_comment(article), make_comment(article), make_comment(article)
    reported(once, 1)
    reported(thrice, 3)
    handled = make_comment(article)
    reported(handled, 2)[0].dismiss(by=moderator)  # one of its two reports is still open
    client.force_login(moderator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    # Ties go newest first.
    assert [(c.pk, c.open_report_count) for c in rows] == [(thrice.pk, 3), (handled.pk, 1), (once.pk, 1)]
    assert never.pk not in {c.pk for c in rows}


def test_hide_and_resolve_hides_the_comment_and_closes_its_reports(client, moderator):
    comment = make_comment(make_article())
    reports = reported(comment, 2)
    client.force_login(moderator)
    response = client.post(
        QUEUE,
        {"action": "hide_and_resolve", "_selected_action": [comment.pk], "apply": "yes", "reason": "spam link"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN and comment.public_reason == ""
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.RESOLVED}
    assert {r.handled_by_id for r in Report.objects.filter(pk__in=[r.pk for r in reports])} == {moderator.pk}
    assert sorted(ModerationAction.objects.values_list("action", flat=True)) == ["hide", "resolve", "resolve"]
    assert list(client.get(QUEUE).context["cl"].result_list) == []


def test_dismiss_closes_the_reports_and_leaves_the_comment(client, moderator):
    comment = make_comment(make_article())
    reported(comment, 2)
    client.force_login(moderator)
    response = client.post(QUEUE, {"action": "dismiss_reports", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["dismiss", "dismiss"]


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_people_who_are_not_moderators_cannot_handle_reports(client, role):
    author = make_user(password=None)
    comment = make_comment(make_article(), author=author)
    reported(comment, 1)
    if role != "anonymous":
        client.force_login(author if role == "author" else make_user(password=None))
    for action in ("dismiss_reports", "hide_and_resolve"):
        response = client.post(
            QUEUE, {"action": action, "_selected_action": [comment.pk], "apply": "yes", "reason": "x"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert Report.objects.get().status == Report.Status.OPEN
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_a_moderator_never_sees_who_reported_their_own_comment(client, moderator):
    own = make_comment(make_article(), author=moderator, body="the moderator's own words")
    reporter = make_user("secret_reporter", password=None)
    own.report(by=reporter, reason=Report.Reason.ABUSE, details="mean")
    client.force_login(moderator)
    assert list(client.get(QUEUE).context["cl"].result_list) == []
    page = client.get(REPORTS).content.decode()
    assert "secret_reporter" not in page
    assert client.get(reverse("admin:comments_report_change", args=[own.reports.get().pk])).status_code == 302
    # Another moderator handles it.
    client.force_login(make_moderator(password=None))
    assert [c.pk for c in client.get(QUEUE).context["cl"].result_list] == [own.pk]
    assert "secret_reporter" in client.get(REPORTS).content.decode()


def test_the_reported_user_never_sees_the_reporter_on_the_site(client):
    author = make_user(password=None)
    comment = make_comment(make_article(), author=author)
    comment.report(by=make_user("secret_reporter", password=None), reason=Report.Reason.SPAM)
    client.force_login(author)
    for url in (comment.article.get_absolute_url(), comment.get_permalink()):
        assert "secret_reporter" not in client.get(url).content.decode()


def test_report_reasons_are_shown_escaped(client, moderator):
    comment = make_comment(make_article())
    reported(comment, 1, reason=Report.Reason.OTHER, details="<img src=x onerror=alert(1)>")
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in client.get(REPORTS).content.decode()


def test_the_queue_costs_the_same_queries_for_few_and_many_reported_comments(client, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    client.force_login(moderator)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries)

    for _ in range(2):
        reported(make_comment(article, author=make_user(password=None)), 2, details="why")
    few = count_queries()
    for _ in range(8):
        reported(make_comment(article, author=make_user(password=None)), 2, details="why")
    assert count_queries() == few
