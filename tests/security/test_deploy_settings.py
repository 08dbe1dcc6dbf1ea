"""The production configuration passes Django's deployment checklist, and sends the headers it promises."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.builders import make_article


def run_deploy_check(**env: str) -> subprocess.CompletedProcess:
    # A fresh process: settings read the environment once, at import.
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_production_configuration_passes_the_deploy_check():
    result = run_deploy_check(DJANGO_SECURE="1", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"DJANGO_SECURE": "0"}, "security.W004"),  # no HSTS
        ({"DJANGO_SECURE": "1", "DJANGO_DEBUG": "1"}, "security.W018"),  # DEBUG on
        ({"DJANGO_SECURE": "1", "DJANGO_SECRET_KEY": "short"}, "security.W009"),  # a guessable key
    ],
)
def test_the_deploy_check_fails_a_weakened_configuration(env, warning):
    env = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env}
    result = run_deploy_check(**env)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_pages_carry_the_hardening_headers(db, client):
    response = client.get(make_article().get_absolute_url())
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def test_the_session_cookie_is_out_of_reach_of_scripts(db, client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
