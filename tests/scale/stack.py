"""The pieces of the scale demonstrations: app hosts under gunicorn, the shared services, the Django shell.

Used by tests/scale/two_hosts.py, replica.py and load.py; each starts what it needs on free
ports on this machine and removes it afterwards.
"""

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.scale.browser import Browser, Failure

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
START_TIMEOUT_SECONDS = 60


def run(command: list[str], env: dict) -> str:
    # Every command here is built from fixed names and our own values, never from outside input.
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise Failure(f"{' '.join(command[1:4])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def manage(env: dict, *args: str) -> str:
    return run([PYTHON, "manage.py", *args], env)


def shell(env: dict, code: str) -> str:
    """Run Python in the forum's Django shell; return the last line it printed."""
    lines = manage(env, "shell", "--no-imports", "--command", code).strip().splitlines()
    return lines[-1] if lines else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- the two hosts


@dataclass
class Host:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_host(name: str, env: dict, workers: int, directory: Path) -> Host:
    port = free_port()
    log = directory / f"host-{name}.log"
    command = [PYTHON, "-m", "gunicorn", "forum.wsgi", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    return Host(name, port, process, log)


def wait_healthy(host: Host) -> dict:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    probe = Browser("load balancer")
    while time.monotonic() < deadline:
        if host.process.poll() is not None:
            raise Failure(f"host {host.name} exited:\n{host.log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            answer = probe.get(host, "/healthz")
            if answer.status == 200:
                return json.loads(answer.text)
        time.sleep(0.2)
    raise Failure(f"host {host.name} did not answer /healthz with 200 within {START_TIMEOUT_SECONDS} s")


# ---------------------------------------------------------------- the shared services


def create_database(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def empty_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()  # only this database number: the demonstration's own
    finally:
        client.close()


SET_UP_USERS = """
import json
from django.contrib.auth import get_user_model
from comments.moderators import make_moderator
from forum.articles.models import Article
User = get_user_model()
names = json.loads({names!r})
for name in names:
    User.objects.create_user(username=name, password={password!r})
make_moderator(User.objects.get(username="moderator"))
print(Article.objects.get().slug)
"""

THREAD_CONTENTS = """
import json
from comments.models import Comment
root = Comment.objects.get(pk={root})
print(json.dumps([c.body for c in root.get_descendants()]))
"""
