"""The repository's gunicorn.conf.py, as gunicorn itself reads it."""

import functools
import os
import subprocess
import sys

from django.conf import settings


@functools.cache
def default_config() -> dict[str, str]:
    return gunicorn_config()


def gunicorn_config(**env: str) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--print-config", "forum.wsgi"],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if k not in {"GUNICORN_WORKERS"}}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        values[name.strip()] = value.strip()
    return values


def test_workers_follow_the_cores_this_process_may_use():
    cores = len(os.sched_getaffinity(0))
    assert default_config()["workers"] == str(min(cores * 2 + 1, 16))


def test_workers_can_be_set_from_the_environment():
    assert gunicorn_config(GUNICORN_WORKERS="3")["workers"] == "3"


def test_stuck_requests_time_out_and_restarts_are_graceful():
    config = default_config()
    assert config["timeout"] == "30"
    assert config["graceful_timeout"] == "30"
    assert config["preload_app"] == "False"  # SIGHUP reloads the code
    assert config["accesslog"] == "-"


def test_forwarded_headers_are_trusted_only_from_the_configured_proxy():
    assert default_config()["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    assert gunicorn_config(FORWARDED_ALLOW_IPS="10.0.0.5")["forwarded_allow_ips"] == "['10.0.0.5']"


def test_control_socket_is_off_unless_given_a_path_of_its_own():
    # The default path (~/.gunicorn/gunicorn.ctl) is shared by every gunicorn run by the same user on the host.
    assert default_config()["control_socket_disable"] == "True"
    chosen = gunicorn_config(GUNICORN_CONTROL_SOCKET="/run/forum/gunicorn.ctl")
    assert chosen["control_socket_disable"] == "False"
    assert chosen["control_socket"] == "/run/forum/gunicorn.ctl"
