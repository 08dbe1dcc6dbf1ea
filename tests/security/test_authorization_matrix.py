"""Who may do what: every role against every action, each cell checking the answer and the database.

Every request goes through a client that enforces CSRF, carrying the token a browser
would have, so a cell that passes here passes for a real form, and nothing is allowed
only because the test skipped a check. Roles:

- anonymous: not signed in;
- reader: signed in, has written nothing;
- author: wrote the comment acted on;
- other: signed in, wrote a comment of their own elsewhere in the thread;
- moderator: staff in the Moderators group;
- superuser;
- suspended: signed in, under an active suspension, with a comment of their own.

Edit and delete act on the author's comment, except for the suspended user, who acts on
their own (a suspension is tested where it matters: on what would otherwise be allowed).
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from comments.models import Comment, ModerationAction, Report, Suspension
from tests.builders import make_article, make_comment, make_moderator, make_user

ROLES = ["anonymous", "reader", "author", "other", "moderator", "superuser", "suspended"]
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TARGET_TEXT = "The comment everyone acts on."
HIDDEN_TEXT = "What the moderators hid."


@pytest.fixture
def world(db) -> dict:
    article = make_article()
    author = make_user("author")
    other = make_user("other")
    suspended = make_user("suspended")
    moderator = make_moderator("moderator")
    # Written a little while ago: within the edit window, outside the posting rate limit's.
    earlier = {"created": timezone.now() - timedelta(minutes=10)}
    world = {
        "article": article,
        "author": author,
        "reader": make_user("reader"),
        "other": other,
        "moderator": moderator,
        "superuser": make_user("superuser", is_staff=True, is_superuser=True),
        "suspended": suspended,
        "target": make_comment(article, author=author, body=TARGET_TEXT, **earlier),
        "hidden": make_comment(article, author=author, body=HIDDEN_TEXT, **earlier),
        "suspended_own": make_comment(article, author=suspended, body="Written before the suspension.", **earlier),
    }
    make_comment(article, world["target"], author=other, body="A reply by the other user.", **earlier)
    world["hidden"].hide(by=moderator, reason="off-topic", public=False)
    world["locked"] = make_comment(article, author=other, body="A locked sub-thread.", **earlier)
    world["locked"].lock_replies(by=moderator, reason="enough")
    Suspension.suspend(suspended, until=timezone.now() + timedelta(days=3), reason="spam", by=moderator)
    return world


def client_for(world: dict, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world[role])
    # The CSRF cookie a form page would have set (a random secret); posts carry it as their token.
    client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(32)
    return client


def post(client: Client, url: str, data: dict):
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value})


def own_or_target(world: dict, role: str) -> Comment:
    return world["suspended_own"] if role == "suspended" else world["target"]


# Each action: (request it, then say whether it took effect, from the database or the page).
def view(world, role, client):
    response = client.get(world["article"].get_absolute_url())
    return response, TARGET_TEXT in response.content.decode()


def reply(world, role, client):
    response = post(client, reverse("comments:reply", args=[world["target"].pk]), {"body": f"Reply by {role}."})
    return response, Comment.objects.filter(parent=world["target"], body=f"Reply by {role}.").exists()


def edit(world, role, client):
    comment = own_or_target(world, role)
    response = post(client, reverse("comments:edit", args=[comment.pk]), {"body": "Changed."})
    comment.refresh_from_db()
    return response, comment.body == "Changed."


def delete(world, role, client):
    comment = own_or_target(world, role)
    response = post(client, reverse("comments:delete", args=[comment.pk]), {})
    comment.refresh_from_db()
    return response, comment.state == Comment.State.DELETED


def report(world, role, client):
    target = world["target"]
    response = post(client, reverse("comments:report", args=[target.pk]), {"reason": "spam"})
    return response, Report.objects.filter(comment=target).exists()


def hide(world, role, client):
    target = world["target"]
    data = {"action": "hide_comments", "_selected_action": [target.pk], "apply": "1", "reason": "abusive"}
    response = post(client, reverse("admin:comments_comment_changelist"), data)
    target.refresh_from_db()
    logged = ModerationAction.objects.filter(comment=target, action=ModerationAction.Kind.HIDE).exists()
    assert logged == (target.state == Comment.State.HIDDEN)  # a hide is always logged, and only a hide
    return response, target.state == Comment.State.HIDDEN


def unhide(world, role, client):
    hidden = world["hidden"]
    data = {"action": "unhide_comments", "_selected_action": [hidden.pk]}
    response = post(client, reverse("admin:comments_comment_changelist"), data)
    hidden.refresh_from_db()
    return response, hidden.state == Comment.State.VISIBLE


def hide_in_thread(world, role, client):
    target = world["target"]
    response = post(client, reverse("comments:hide", args=[target.pk]), {"preset": "spam", "public": "on"})
    target.refresh_from_db()
    logged = ModerationAction.objects.filter(comment=target, action=ModerationAction.Kind.HIDE).exists()
    assert logged == (target.state == Comment.State.HIDDEN)
    return response, target.state == Comment.State.HIDDEN


def unhide_in_thread(world, role, client):
    hidden = world["hidden"]
    response = post(client, reverse("comments:unhide", args=[hidden.pk]), {})
    hidden.refresh_from_db()
    return response, hidden.state == Comment.State.VISIBLE


def lock_replies(world, role, client):
    target = world["target"]
    response = post(client, reverse("comments:lock_replies", args=[target.pk]), {"reason": "going in circles"})
    target.refresh_from_db()
    logged = ModerationAction.objects.filter(comment=target, action=ModerationAction.Kind.LOCK_REPLIES).exists()
    assert logged == (target.replies_locked_at is not None)
    return response, target.replies_locked_at is not None


def unlock_replies(world, role, client):
    locked = world["locked"]
    response = post(client, reverse("comments:unlock_replies", args=[locked.pk]), {})
    locked.refresh_from_db()
    return response, locked.replies_locked_at is None


def suspend_author(world, role, client):
    target = world["target"]
    data = {"length": "7d", "preset": "incivility"}
    response = post(client, reverse("comments:suspend_author", args=[target.pk]), data)
    return response, Suspension.objects.filter(user=world["author"]).exists()


def moderation_controls(world, role, client):
    # Whether the thread gives this reader a moderator's controls, or any of their markup.
    response = client.get(world["article"].get_absolute_url())
    page = response.content.decode()
    markers = [
        "moderation-action",
        "moderation-actions",
        "/hide/",
        "/lock-replies/",
        "/suspend-author/",
        "moderation.js",
    ]
    found = [marker for marker in markers if marker in page]
    assert found in ([], markers), found  # all or nothing
    return response, bool(found)


def view_hidden(world, role, client):
    response = client.get(world["article"].get_absolute_url())
    return response, HIDDEN_TEXT in response.content.decode()


ACTIONS = {
    "view": view,
    "reply": reply,
    "edit": edit,
    "delete": delete,
    "report": report,
    "hide": hide,
    "unhide": unhide,
    "view hidden": view_hidden,
    "hide in thread": hide_in_thread,
    "unhide in thread": unhide_in_thread,
    "lock replies": lock_replies,
    "unlock replies": unlock_replies,
    "suspend author": suspend_author,
    "moderation controls": moderation_controls,
}

# (status, where a redirect goes or None, whether the action took effect), per action and role.
ALLOWED = (302, "/a/", True)  # done, then back to the discussion
SEEN = (200, None, True)
NOT_SEEN = (200, None, False)
REFUSED = (403, None, False)
TO_LOGIN = (302, LOGIN, False)
TO_ADMIN_LOGIN = (302, ADMIN_LOGIN, False)
MODERATED = (302, "/admin/comments/comment/", True)
IN_THREAD = (302, "/c/", True)  # done, then back to the comment's own page
EXPECTED = {
    "view": dict.fromkeys(ROLES, SEEN),
    "reply": {**dict.fromkeys(ROLES, ALLOWED), "anonymous": TO_LOGIN, "suspended": REFUSED},
    "edit": {**dict.fromkeys(ROLES, REFUSED), "anonymous": TO_LOGIN, "author": ALLOWED},
    # Withdrawing one's own words stays possible under a suspension: it adds nothing.
    "delete": {**dict.fromkeys(ROLES, REFUSED), "anonymous": TO_LOGIN, "author": ALLOWED, "suspended": ALLOWED},
    "report": {**dict.fromkeys(ROLES, ALLOWED), "anonymous": TO_LOGIN, "author": REFUSED, "suspended": REFUSED},
    "hide": {**dict.fromkeys(ROLES, TO_ADMIN_LOGIN), "moderator": MODERATED, "superuser": MODERATED},
    "unhide": {**dict.fromkeys(ROLES, TO_ADMIN_LOGIN), "moderator": MODERATED, "superuser": MODERATED},
    "view hidden": {**dict.fromkeys(ROLES, NOT_SEEN), "moderator": SEEN, "superuser": SEEN},
    **{
        action: {**dict.fromkeys(ROLES, REFUSED), "anonymous": TO_LOGIN, "moderator": IN_THREAD, "superuser": IN_THREAD}
        for action in ("hide in thread", "unhide in thread", "lock replies", "unlock replies", "suspend author")
    },
    "moderation controls": {**dict.fromkeys(ROLES, NOT_SEEN), "moderator": SEEN, "superuser": SEEN},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_authorization_matrix(world, action, role):
    status, location, takes_effect = EXPECTED[action][role]
    response, took_effect = ACTIONS[action](world, role, client_for(world, role))
    assert response.status_code == status
    if location is not None:
        assert response["Location"].startswith(location), response["Location"]
    assert took_effect == takes_effect


def test_the_matrix_covers_every_role_and_action():
    assert set(EXPECTED) == set(ACTIONS)
    for action, cells in EXPECTED.items():
        assert set(cells) == set(ROLES), action
