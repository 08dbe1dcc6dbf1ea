"""The comment list and page in admin: hiding with a reason, unhiding, editing with history, deleting."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.integrity import find_problems
from comments.models import Comment, CommentRevision, ModerationAction, Report
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def moderator():
    return make_moderator(password=None)


@pytest.fixture
def superuser():
    return make_user(password=None, is_staff=True, is_superuser=True)


def hide(client, comments, **fields):
    data = {"action": "hide_comments", "_selected_action": [c.pk for c in comments], **fields}
    return client.post(CHANGELIST, data)


def test_hide_asks_for_a_reason_before_changing_anything(client, moderator):
    comment = make_comment(make_article(), body="You are all idiots")
    client.force_login(moderator)
    response = hide(client, [comment])
    assert response.status_code == 200
    assert "Hide comments" in response.content.decode()
    assert 'name="reason"' in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert not ModerationAction.objects.exists()


def test_moderator_hides_with_a_public_reason_and_the_replies_stay(client, moderator):
    article = make_article()
    root = make_comment(article, body="You are all idiots")
    reply = make_comment(article, root, body="Calm down")
    client.force_login(moderator)
    response = hide(client, [root], apply="yes", reason="insulting other readers", public="on")
    assert response.status_code == 302
    root.refresh_from_db()
    assert (root.state, root.public_reason) == (Comment.State.HIDDEN, "insulting other readers")
    assert Comment.objects.get(pk=reply.pk).is_visible
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.action, entry.comment_id) == (moderator, "hide", root.pk)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "Calm down" in page  # the moderator sees the hidden text too, marked as hidden

    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "removed by a moderator: insulting other readers" in page
    assert "You are all idiots" not in page
    assert "Calm down" in page


def test_a_rejected_reason_keeps_the_typed_text_and_says_why(client, moderator):
    comment = make_comment(make_article())
    client.force_login(moderator)
    response = hide(client, [comment], apply="yes", reason="x" * 250, public="on")
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 200 characters" in page
    assert "x" * 250 in page
    assert Comment.objects.get(pk=comment.pk).is_visible
    response = hide(client, [comment], apply="yes", reason="   ")
    assert response.status_code == 400
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_unhide_restores_and_logs(client, moderator):
    comment = make_comment(make_article())
    comment.hide(by=moderator, reason="spam")
    client.force_login(moderator)
    response = client.post(CHANGELIST, {"action": "unhide_comments", "_selected_action": [comment.pk]})
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == ["hide", "unhide"]


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_people_who_are_not_moderators_cannot_hide(client, role):
    author = make_user(password=None)
    comment = make_comment(make_article(), author=author)
    if role != "anonymous":
        client.force_login(author if role == "author" else make_user(password=None))
    response = hide(client, [comment], apply="yes", reason="mine")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert not ModerationAction.objects.exists()


def test_staff_without_the_hide_permission_cannot_hide(client):
    comment = make_comment(make_article())
    client.force_login(make_user(password=None, is_staff=True))
    response = hide(client, [comment], apply="yes", reason="because")
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).is_visible


def test_moderator_edit_keeps_the_earlier_version_and_ignores_read_only_fields(client, moderator):
    article = make_article()
    other = make_article()
    root = make_comment(article)
    comment = make_comment(article, root, body="My address is 1 Long Street", author=make_user(password=None))
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = client.post(
        url,
        {
            "body": "My address is [removed]",
            "edit_reason": "personal data",
            "state": "deleted",
            "author": moderator.pk,
            "parent": "",
            "article": other.pk,
            "lft": "99",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Comment.objects.get(pk=comment.pk)
    assert fresh.body == "My address is [removed]"
    assert (fresh.state, fresh.author_id, fresh.parent_id, fresh.article_id) == (
        "visible",
        comment.author_id,
        root.pk,
        article.pk,
    )
    assert (fresh.lft, fresh.rght) == (comment.lft, comment.rght)
    revision = CommentRevision.objects.get()
    assert (revision.body, revision.edited_by) == ("My address is 1 Long Street", moderator)
    assert ModerationAction.objects.get().reason == "personal data"
    assert "My address is 1 Long Street" in client.get(url).content.decode()  # the earlier version is shown


def test_an_edit_without_a_reason_is_refused_with_the_text_kept(client, moderator):
    comment = make_comment(make_article(), body="original")
    client.force_login(moderator)
    response = client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"body": "changed text", "edit_reason": "", "revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Say why you changed the text" in page
    assert "changed text" in page
    assert Comment.objects.get(pk=comment.pk).body == "original"


def test_a_moderator_cannot_delete_a_comment(client, moderator):
    comment = make_comment(make_article())
    client.force_login(moderator)
    response = client.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"})
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_superuser_deletes_a_subtree_through_the_tree_path_and_the_tree_stays_valid(client, superuser):
    article = make_article()
    root = make_comment(article)
    middle = make_comment(article, root)
    make_comment(article, middle)
    sibling = make_comment(article, root)
    client.force_login(superuser)
    response = client.post(reverse("admin:comments_comment_delete", args=[middle.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert set(Comment.objects.values_list("pk", flat=True)) == {root.pk, sibling.pk}
    assert find_problems() == {}
    assert ModerationAction.objects.get().action == "delete"


def test_a_superuser_bulk_deletes_a_parent_and_its_reply_without_corrupting(client, superuser):
    article = make_article()
    first, second = make_comment(article), make_comment(article)
    reply = make_comment(article, first)
    kept = make_comment(article, second)
    client.force_login(superuser)
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [reply.pk, first.pk, second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert list(Comment.objects.values_list("pk", flat=True)) == []
    assert not Comment.objects.filter(pk=kept.pk).exists()
    assert find_problems() == {}


def test_the_list_escapes_user_text_and_counts_open_reports(client, moderator):
    article = make_article(title="<i>Title</i>")
    comment = make_comment(article, body="<script>alert('x')</script>", author_name="<b>Mallory</b>")
    comment.report(by=make_user(password=None), reason=Report.Reason.SPAM)
    comment.report(by=make_user(password=None), reason=Report.Reason.ABUSE)
    client.force_login(moderator)
    page = client.get(CHANGELIST).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>Mallory</b>" not in page and "&lt;b&gt;Mallory&lt;/b&gt;" in page
    assert "<i>Title</i>" not in page
    assert '<td class="field-open_reports">2</td>' in page
    change_page = client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content.decode()
    assert "<script>alert" not in change_page


def test_the_list_costs_the_same_queries_for_few_and_many_comments(client, moderator):
    article = make_article()
    client.force_login(moderator)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    for _ in range(3):
        make_comment(article, author=make_user(password=None)).report(by=make_user(password=None), reason="spam")
    few = count_queries()
    for _ in range(12):
        make_comment(article, author=make_user(password=None)).report(by=make_user(password=None), reason="spam")
    assert count_queries() == few


def test_thread_order_lists_an_article_as_it_reads(client, moderator):
    article = make_article()
    first = make_comment(article, body="first top")
    second = make_comment(article, body="second top")
    reply = make_comment(article, first, body="reply to first")
    client.force_login(moderator)
    thread_order = ["action_checkbox", *admin.site._registry[Comment].list_display].index("thread_column")
    response = client.get(CHANGELIST, {"article__id__exact": article.pk, "o": str(thread_order)})
    rows = list(response.context["cl"].result_list)
    assert [c.pk for c in rows] == [first.pk, reply.pk, second.pk]
    newest_first = list(client.get(CHANGELIST).context["cl"].result_list)
    assert [c.pk for c in newest_first] == [reply.pk, second.pk, first.pk]


def test_search_finds_text_and_authors(client, moderator):
    article = make_article()
    make_comment(article, body="about tanks", author=make_user("zed", password=None))
    make_comment(article, body="about planes")
    client.force_login(moderator)
    assert [c.body for c in client.get(CHANGELIST, {"q": "tanks"}).context["cl"].result_list] == ["about tanks"]
    assert [c.body for c in client.get(CHANGELIST, {"q": "zed"}).context["cl"].result_list] == ["about tanks"]


def test_the_site_links_moderators_to_the_admin_page_of_each_comment(client, moderator):
    comment = make_comment(make_article())
    admin_url = reverse("admin:comments_comment_change", args=[comment.pk])
    client.force_login(make_user(password=None))
    assert admin_url not in client.get(comment.article.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert admin_url in client.get(comment.article.get_absolute_url()).content.decode()
    change_page = client.get(admin_url).content.decode()
    assert "View on site" in change_page


def test_a_moderator_hides_and_unhides_from_the_comments_own_page(client, moderator):
    comment = make_comment(make_article(), body="rude words")
    comment.report(by=make_user(password=None), reason=Report.Reason.ABUSE)
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    hide_url = reverse("admin:comments_comment_hide", args=[comment.pk])
    unhide_url = reverse("admin:comments_comment_unhide", args=[comment.pk])
    client.force_login(moderator)
    assert hide_url in client.get(change).content.decode()
    assert 'name="reason"' in client.get(hide_url).content.decode()
    response = client.post(hide_url, {"apply": "yes", "reason": "abuse"})
    assert response.status_code == 302 and response["Location"] == change
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.HIDDEN
    assert Report.objects.get().status == Report.Status.RESOLVED
    page = client.get(change).content.decode()
    assert unhide_url in page and hide_url not in page
    assert client.get(unhide_url).status_code == 405
    assert client.post(unhide_url).status_code == 302
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert sorted(ModerationAction.objects.values_list("action", flat=True)) == ["hide", "resolve", "unhide"]


@pytest.mark.parametrize("role", ["reader", "staff without the group"])
def test_the_comment_page_hide_and_unhide_refuse_others(client, role):
    comment = make_comment(make_article())
    client.force_login(make_user(password=None, is_staff=role != "reader"))
    for name in ("admin:comments_comment_hide", "admin:comments_comment_unhide"):
        response = client.post(reverse(name, args=[comment.pk]), {"apply": "yes", "reason": "x"})
        assert response.status_code == (302 if role == "reader" else 403)
    assert Comment.objects.get(pk=comment.pk).is_visible
    assert not ModerationAction.objects.exists()
