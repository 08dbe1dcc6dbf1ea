from django.urls import reverse

from comments.models import ModerationAction
from tests.builders import make_article, make_comment, make_user
from tests.log_capture import captured_log

PASSWORD = "correct horse battery"
WRONG_PASSWORD = "tr0ub4dor&3-not-it"


def test_a_failed_login_is_logged_with_the_username_but_never_the_password(client, db):
    make_user("alice", password=PASSWORD)
    with captured_log() as log:
        response = client.post(reverse("login"), {"username": "alice", "password": WRONG_PASSWORD})
    assert response.status_code == 200
    [entry] = log.entries(event="login_failed")
    assert entry["target_username"] == "alice"
    assert entry["actor_addr"] == "127.0.0.1"
    assert entry["request_id"] == response["X-Request-ID"]
    assert WRONG_PASSWORD not in log.text


def test_a_login_is_logged_without_the_password_or_session_id(client, db):
    alice = make_user("alice", password=PASSWORD)
    with captured_log() as log:
        client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    [entry] = log.entries(event="login")
    assert entry["user_id"] == alice.pk
    session_key = client.cookies["sessionid"].value
    assert session_key and session_key not in log.text
    assert PASSWORD not in log.text


def test_a_username_cannot_forge_a_log_line(client, db):
    forged = 'mallory\n{"level":"CRITICAL","event":"login","user_id":1}'
    with captured_log() as log:
        client.post(reverse("login"), {"username": forged, "password": WRONG_PASSWORD})
    assert not log.entries(event="login")
    assert log.entries(event="login_failed")[0]["target_username"] == forged


def test_a_moderation_action_is_logged_with_actor_and_target_once_committed(db, django_capture_on_commit_callbacks):
    moderator = make_user("maria", is_staff=True)
    comment = make_comment(make_article(), body="Buy cheap watches\nnow")
    with captured_log() as log, django_capture_on_commit_callbacks(execute=True):
        ModerationAction.objects.create(
            moderator=moderator,
            action=ModerationAction.Kind.HIDE,
            comment=comment,
            article=comment.article,
            target_user=None,
            target_repr=str(comment)[:200],
            reason="spam\n{forged}",
        )
    [entry] = log.entries(event="moderation")
    assert entry["action"] == "hide"
    assert (entry["actor_id"], entry["actor"]) == (moderator.pk, "maria")
    assert entry["comment_id"] == comment.pk
    assert entry["target"] == str(comment)[:200]
    assert entry["reason"] == "spam\n{forged}"


def test_a_moderation_action_is_logged_only_when_its_transaction_commits(db, django_capture_on_commit_callbacks):
    moderator = make_user("maria", is_staff=True)
    with captured_log() as log, django_capture_on_commit_callbacks(execute=False) as callbacks:
        ModerationAction.objects.create(moderator=moderator, action=ModerationAction.Kind.SUSPEND, target_repr="bob")
    assert len(callbacks) == 1, "the line waits for the commit"
    assert not log.entries(event="moderation")


def test_moderation_actions_recorded_in_bulk_are_each_logged(db, django_capture_on_commit_callbacks):
    moderator = make_user("maria", is_staff=True)
    article = make_article()
    comments = [make_comment(article) for _ in range(3)]
    with captured_log() as log, django_capture_on_commit_callbacks(execute=True):
        ModerationAction.objects.record(
            ModerationAction(
                moderator=moderator, action=ModerationAction.Kind.HIDE, comment=comment, target_repr=str(comment)
            )
            for comment in comments
        )
    entries = log.entries(event="moderation", actor="maria")
    assert sorted(entry["comment_id"] for entry in entries) == sorted(comment.pk for comment in comments)
