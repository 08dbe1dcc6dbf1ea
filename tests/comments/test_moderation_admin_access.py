"""Who reaches which admin page, per role: anonymous, reader, author, moderator, superuser."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from comments.models import ModerationReason
from comments.moderators import MODERATOR_PERMISSIONS, MODERATORS_GROUP
from tests.builders import make_article, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "author", "moderator", "superuser"]


@pytest.fixture
def comment():
    return make_comment(make_article(), body="A comment to moderate.", author=make_user("writer", password=None))


def log_in(client, role: str, comment):
    if role == "anonymous":
        return None
    user = {
        "reader": lambda: make_user(password=None),
        "author": lambda: comment.author,
        "moderator": lambda: make_moderator(password=None),
        "superuser": lambda: make_user(password=None, is_staff=True, is_superuser=True),
    }[role]()
    client.force_login(user)
    return user


def pages(comment) -> dict[str, str]:
    return {
        "comments": reverse("admin:comments_comment_changelist"),
        "comment": reverse("admin:comments_comment_change", args=[comment.pk]),
        "report queue": reverse("admin:comments_reportedcomment_changelist"),
        "reports": reverse("admin:comments_report_changelist"),
        "suspensions": reverse("admin:comments_suspension_changelist"),
        "suspend": reverse("admin:comments_suspension_add"),
        "log": reverse("admin:comments_moderationaction_changelist"),
        "preset reasons": reverse("admin:comments_moderationreason_changelist"),
        "add preset reason": reverse("admin:comments_moderationreason_add"),
        "delete preset reason": reverse(
            "admin:comments_moderationreason_delete", args=[ModerationReason.objects.first().pk]
        ),
        "articles": reverse("admin:forum_article_changelist"),
        "article": reverse("admin:forum_article_change", args=[comment.article_id]),
        "users": reverse("admin:auth_user_changelist"),
        "user": reverse("admin:auth_user_change", args=[comment.author_id]),
        "groups": reverse("admin:auth_group_changelist"),
        "password": reverse("admin:auth_user_password_change", args=[comment.author_id]),
        "add comment": reverse("admin:comments_comment_add"),
        "delete comment": reverse("admin:comments_comment_delete", args=[comment.pk]),
        "add user": reverse("admin:auth_user_add"),
    }


MODERATOR_CAN = {
    "comments",
    "comment",
    "report queue",
    "reports",
    "suspensions",
    "suspend",
    "log",
    "preset reasons",
    "add preset reason",
    "articles",
    "article",
    "users",
    "user",
}
MODERATOR_CANNOT = {"groups", "password", "add comment", "delete comment", "add user", "delete preset reason"}


@pytest.mark.parametrize("role", ["anonymous", "reader", "author"])
def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, comment, role):
    log_in(client, role, comment)
    for name, url in pages(comment).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name


def test_a_moderator_reaches_moderation_pages_and_nothing_that_grants_power(client, comment):
    log_in(client, "moderator", comment)
    urls = pages(comment)
    assert set(urls) == MODERATOR_CAN | MODERATOR_CANNOT
    for name in MODERATOR_CAN:
        assert client.get(urls[name]).status_code == 200, name
    for name in MODERATOR_CANNOT:
        assert client.get(urls[name]).status_code == 403, name


def test_a_superuser_reaches_every_page_but_adding_a_comment(client, comment):
    log_in(client, "superuser", comment)
    for name, url in pages(comment).items():
        # Comments are added only by their authors, through the locked tree path.
        assert client.get(url).status_code == (403 if name == "add comment" else 200), name


def test_staff_outside_the_group_cannot_moderate(client, comment):
    client.force_login(make_user(password=None, is_staff=True))
    assert client.get(pages(comment)["comments"]).status_code == 403
    assert client.get(pages(comment)["log"]).status_code == 403


def test_the_group_holds_exactly_the_moderation_permissions():
    group = Group.objects.get(name=MODERATORS_GROUP)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == set(MODERATOR_PERMISSIONS)
    # Nothing on groups, permissions or changing users.
    assert not {codename for _, codename in held} & {"change_user", "add_user", "change_group", "change_permission"}


def test_migrate_resets_permissions_added_to_the_group_by_hand():
    from django.core.management import call_command

    group = Group.objects.get(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="change_user"))
    call_command("migrate", verbosity=0)
    assert not group.permissions.filter(codename="change_user").exists()


def test_a_moderator_sees_no_groups_permissions_flags_or_password_hash_of_a_user(client, comment):
    moderator = log_in(client, "moderator", comment)
    for user in (comment.author, moderator):
        page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
        assert "writer" in page or moderator.username in page
        for hidden in ("is_superuser", "user_permissions", "groups", "is_staff", "pbkdf2", "Password"):
            assert hidden not in page, hidden
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "is_superuser" not in listing and "is_staff" not in listing


def test_a_moderator_cannot_change_a_user_even_by_posting_the_form(client, comment):
    log_in(client, "moderator", comment)
    target = comment.author
    response = client.post(
        reverse("admin:auth_user_change", args=[target.pk]),
        {"username": target.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_superuser and not target.is_staff
    response = client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"password1": "a new long password 1", "password2": "a new long password 1"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.has_usable_password()


def test_a_moderator_rewords_and_retires_a_preset_reason_in_admin(client, comment):
    log_in(client, "moderator", comment)
    spam = ModerationReason.objects.get(text="spam")
    url = reverse("admin:comments_moderationreason_change", args=[spam.pk])
    response = client.post(url, {"text": "spam or advertising", "position": "5", "active": ""})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert (spam.text, spam.position, spam.active) == ("spam or advertising", 5, False)
    assert "spam or advertising" not in ModerationReason.objects.offered().values_list("text", flat=True)
