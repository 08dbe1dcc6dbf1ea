"""Restart PostgreSQL under a real gunicorn serving the forum, and show that no request fails once it is back.

    .venv/bin/python tests/faults/pg_restart.py [--workers N] [--down-seconds S]

It starts everything it needs and removes it afterwards, touching no other server:
a throwaway PostgreSQL cluster on a free port in a temporary directory (run as the
`postgres` user when started as root, since initdb refuses root), the forum migrated
and seeded into it, and gunicorn with the repository's gunicorn.conf.py. Then, while a
client thread keeps requesting pages:

1. warm-up: every worker holds a persistent connection; every request answers 200;
2. PostgreSQL stops (fast shutdown, which drops every connection): requests answer
   503 with the friendly page (or a page still cached), quickly, never 500 and never a
   dropped connection;
3. PostgreSQL starts again: from then on every request answers 200, served by the
   same gunicorn workers, which were never restarted;
4. an immediate restart (stop and start with no pause): every request started after
   it answers 200, although each worker's persistent connection died under it.

Exits 1, naming what went wrong, if any of that does not hold.
"""

import argparse
import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# A 503 must come well inside gunicorn's 30 s worker timeout; connect_timeout is 3 s and a
# refused connection fails at once, so this bound is generous.
QUICK_SECONDS = 10
REQUEST_TIMEOUT_SECONDS = 40


def postgres_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    sys.exit("initdb not found: install PostgreSQL's server package")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """A PostgreSQL cluster of our own: initdb'd in a temp dir, listening on 127.0.0.1:port."""

    directory: Path
    port: int
    bin: Path = field(default_factory=postgres_bin)

    def _run(self, *args: str) -> None:
        # initdb and postgres refuse to run as root: run them as the postgres user then.
        user = "postgres" if os.geteuid() == 0 else None
        run([str(self.bin / args[0]), *args[1:]], user=user)

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def create(self) -> None:
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.directory, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "log"), "-w", "start")

    def stop(self) -> None:
        # fast: roll back and disconnect every session at once, as a crash or fail-over would.
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-c", f"CREATE DATABASE {name}")


@dataclass
class Result:
    started: float
    elapsed: float
    status: int  # 0: no HTTP answer at all
    url: str
    body: str


class Client(threading.Thread):
    """Requests the pages in turn, one connection each, until stopped; keeps every result."""

    def __init__(self, base: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.base, self.paths = base, paths
        self.results: list[Result] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        number = 0
        while not self.stopping.is_set():
            self.results.append(fetch(self.base + self.paths[number % len(self.paths)]))
            number += 1
            time.sleep(0.02)


def fetch(url: str) -> Result:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as response:  # noqa: S310
            status, body = response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode(errors="replace")
    except OSError as error:
        status, body = 0, repr(error)
    return Result(started, time.monotonic() - started, status, url, body)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if fetch(url).status == 200:
            return
        time.sleep(0.2)
    sys.exit(f"{url} did not answer 200 within {seconds} s")


def run(command: list[str], **options) -> str:
    # Every command here is built from fixed names and our own values, never from outside input.
    return subprocess.run(command, check=True, capture_output=True, text=True, **options).stdout  # noqa: S603


def manage(env: dict, *args: str) -> str:
    return run([PYTHON, "manage.py", *args], cwd=ROOT, env=env)


def window(results: list[Result], start: float, end: float) -> list[Result]:
    """The requests made wholly inside [start, end): one still in flight when the database stops
    (or comes back) belongs to neither side, and is only held to answering 200 or 503."""
    return [result for result in results if start <= result.started and result.started + result.elapsed < end]


def describe(results: list[Result]) -> str:
    counts: dict[int, int] = {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    slowest = max((result.elapsed for result in results), default=0.0)
    statuses = ", ".join(f"{count} × {status or 'no answer'}" for status, count in sorted(counts.items()))
    return f"{len(results)} requests: {statuses}; slowest {slowest * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--down-seconds", type=float, default=3.0)
    options = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="forum-pg-restart-"))
    cluster = Cluster(directory, free_port())
    gunicorn = None
    problems: list[str] = []
    try:
        cluster.create()
        cluster.start()
        cluster.create_database("forum")
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))},
            "DATABASE_URL": cluster.url("forum"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE": "0",  # plain HTTP on localhost
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "CRITICAL",  # the outage is expected; its tracebacks are noise here
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")

        port = free_port()
        command = [PYTHON, "-m", "gunicorn", "forum.wsgi", "--config", "gunicorn.conf.py"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(options.workers), "--access-logfile", "/dev/null"]
        gunicorn = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        found = manage(
            env,
            "shell",
            "-c",
            "from comments.models import Comment; c = Comment.objects.first(); print(c.article.slug, c.pk)",
        )
        slug, comment = found.splitlines()[-1].split()  # shell prints a note about its automatic imports first
        # Pages that need the database: each must answer 503 while it is down.
        paths = ["/", f"/a/{slug}/", f"/c/{comment}/"]
        wait_for(base + paths[1])
        worker_pids = set(children(gunicorn.pid))

        client = Client(base, paths)
        client.start()
        time.sleep(2)  # warm-up: every worker serves and keeps its connection

        stopped_at = time.monotonic()
        cluster.stop()
        down_from = time.monotonic()
        time.sleep(options.down_seconds)
        down_until = time.monotonic()
        cluster.start()
        back_at = time.monotonic()
        time.sleep(2)

        second_stop_at = time.monotonic()
        cluster.stop()  # an immediate restart: the connections the workers just made die again
        cluster.start()
        restarted_at = time.monotonic()
        time.sleep(2)
        client.stopping.set()
        client.join()
        results = client.results

        warm = window(results, 0, stopped_at)
        down = window(results, down_from, down_until)
        after = window(results, back_at, second_stop_at) + window(results, restarted_at, float("inf"))
        print(f"PostgreSQL {cluster.bin.parent.name} on port {cluster.port}, gunicorn with {options.workers} workers")
        print(f"before the restart:          {describe(warm)}")
        print(f"while PostgreSQL was down:   {describe(down)}")
        print(f"after it came back:          {describe(after)}")

        for result in results:
            if result.status not in {200, 503}:
                problems.append(f"{result.url} answered {result.status or result.body}")
        if not warm or any(result.status != 200 for result in warm):
            problems.append("before the restart, not every request answered 200")
        if not down:
            problems.append("no request was made while PostgreSQL was down")
        for result in down:
            # A page still in the shared cache may be served (200); anything else is the 503 page.
            if result.status == 503 and "Briefly unavailable" not in result.body:
                problems.append(f"while down, {result.url} answered 503 without the friendly page")
            if result.elapsed > QUICK_SECONDS:
                problems.append(f"while down, {result.url} took {result.elapsed:.1f} s to answer")
        if down and not any(result.status == 503 for result in down):
            problems.append("no request noticed PostgreSQL was down: the demonstration proved nothing")
        if not after or any(result.status != 200 for result in after):
            failed = [f"{r.url} {r.status}" for r in after if r.status != 200]
            problems.append(f"after PostgreSQL was back, {len(failed)} request(s) failed: {failed[:5]}")
        if set(children(gunicorn.pid)) != worker_pids:
            problems.append("gunicorn's workers were replaced: the site should recover without restarts")
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=40)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        with contextlib.suppress(subprocess.CalledProcessError):  # never started, or already stopped
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)

    for problem in problems:
        print(f"FAIL: {problem}")
    print("PostgreSQL restart: " + ("FAILED" if problems else "no request failed once it was back"))
    return 1 if problems else 0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name is in parentheses and may hold spaces: the parent id follows it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


if __name__ == "__main__":
    sys.exit(main())
