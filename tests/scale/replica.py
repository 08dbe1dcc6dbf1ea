"""A streaming replica behind two app hosts: readers read it, and each writer reads their own writes.

    .venv/bin/python tests/scale/replica.py [--delay-seconds S]

Starts everything it needs and removes it afterwards: a throwaway PostgreSQL primary on a
free port, a standby made from it with `pg_basebackup -R` on another, its replay held back by
`recovery_min_apply_delay` (so that "not replayed yet" lasts long enough to look at), and two
gunicorn hosts with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby, no
Redis (sessions are then read from the database: from the replica unless the router knows
better). Then, over HTTP:

1. a reader signs in through host A and posts a comment through host A; through host B, at
   once, they are still signed in and see their comment, although the replica has not replayed it;
2. another reader, through host B, does not see it yet (their reads go to the replica), and sees
   it once the replica has replayed it;
3. the replica stops while both readers keep reading through both hosts: no request fails.

Exits 1, naming what went wrong, if any of that does not hold.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages import from its root
from tests.faults.pg_restart import Cluster, free_port, manage  # noqa: E402
from tests.scale.browser import PASSWORD, Browser, Failure  # noqa: E402
from tests.scale.stack import SET_UP_USERS, start_host, wait_healthy  # noqa: E402
from tests.scale.two_hosts import page_of, post_comment  # noqa: E402


def make_standby(primary: Cluster, directory: Path, delay_seconds: float) -> Cluster:
    standby = Cluster(directory, free_port())
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    host = ["-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
    standby._run("pg_basebackup", "-D", str(standby.data), "-R", "-X", "stream", *host)
    with (standby.data / "postgresql.auto.conf").open("a") as settings:
        settings.write(f"recovery_min_apply_delay = '{int(delay_seconds * 1000)}ms'\n")
    standby.start()
    return standby


def step_own_writes(a, b, slug: str, delay_seconds: float) -> tuple[str, str]:
    author, other = Browser("rosa"), Browser("olga")
    author.log_in(a, "rosa")
    signed_in = author.get(b, "/")
    if "rosa" not in signed_in.text:
        raise Failure("signed in through host A, the reader is a stranger to host B (session read from the replica)")
    marker = f"Written through A, read through B at once ({secrets.token_hex(6)})"
    posted_at = time.monotonic()
    page = page_of(post_comment(author, a, slug, marker))
    own_view = author.get(b, page)
    if marker not in own_view.text:
        raise Failure("the author does not see their own comment through host B")
    seen_by_other = marker in other.get(b, page).text
    if time.monotonic() - posted_at > delay_seconds * 0.8:
        raise Failure("too slow to catch the replica before it replayed: raise --delay-seconds")
    if seen_by_other:
        raise Failure("another reader saw the comment before the replica replayed it: reads are not on the replica")
    deadline = posted_at + delay_seconds + 15
    while marker not in other.get(b, page).text:
        if time.monotonic() > deadline:
            raise Failure(f"another reader still misses the comment {delay_seconds + 15:.0f} s after it was posted")
        time.sleep(0.25)
    waited = time.monotonic() - posted_at
    return page, f"the author saw their comment through B at once; another reader {waited:.1f} s later, once replayed"


def step_replica_stops(a, b, replica: Cluster, slug: str, page: str) -> str:
    readers = [Browser("olga"), Browser("rosa")]
    readers[1].log_in(a, "rosa")
    statuses: list[tuple[str, int]] = []
    stopping = threading.Event()

    def read(browser: Browser) -> None:
        while not stopping.is_set():
            for host in (a, b):
                for path in ("/", page):
                    statuses.append((f"{host.name}{path}", browser.get(host, path).status))

    threads = [threading.Thread(target=read, args=(browser,)) for browser in readers]
    for thread in threads:
        thread.start()
    time.sleep(1)
    replica.stop()
    time.sleep(3)
    stopping.set()
    for thread in threads:
        thread.join()
    failed = [entry for entry in statuses if entry[1] != 200]
    if failed:
        raise Failure(f"{len(failed)} of {len(statuses)} requests failed when the replica stopped: {failed[:5]}")
    return f"the replica stopped under {len(statuses)} requests through both hosts: every one answered 200"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-seconds", type=float, default=5.0, help="the replica's recovery_min_apply_delay")
    options = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="forum-replica-"))
    directory.chmod(0o755)  # each cluster's own directory is the postgres user's: it must get through this one
    (directory / "primary").mkdir()
    (directory / "standby").mkdir()
    primary = Cluster(directory / "primary", free_port())
    replica = None
    hosts = []
    problems: list[str] = []
    try:
        primary.create()
        primary.start()
        primary.create_database("forum")
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "FORUM_"))},
            "DATABASE_URL": primary.url("forum"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE": "0",  # plain HTTP on localhost
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Every simulated reader comes from 127.0.0.1: the per-address limits (tested on their own in the
            # suite) would refuse them all as one flood, so they are lifted here, as nginx's are.
            "FORUM_ADDRESS_COMMENTS_PER_MINUTE": "0",
            "FORUM_ADDRESS_VOTES_PER_MINUTE": "0",
            "FORUM_SIGNUPS_PER_ADDRESS_PER_HOUR": "0",
            "DJANGO_LOG_LEVEL": "CRITICAL",  # the replica's stop is expected; its tracebacks are noise here
            # Replay is held back on purpose; the lag bound must not send everyone to the primary meanwhile.
            "FORUM_REPLICA_MAX_LAG_SECONDS": "600",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        code = SET_UP_USERS.format(names='["rosa", "olga", "moderator"]', password=PASSWORD)
        slug = manage(env, "shell", "--no-imports", "--command", code).strip().splitlines()[-1]
        replica = make_standby(primary, directory / "standby", options.delay_seconds)
        env["DATABASE_REPLICA_URL"] = replica.url("forum")
        hosts = [start_host(name, env, 2, directory) for name in ("A", "B")]
        for host in hosts:
            wait_healthy(host)
        a, b = hosts
        print(f"primary on port {primary.port}, replica on {replica.port} replaying {options.delay_seconds:g} s late")
        page, summary = step_own_writes(a, b, slug, options.delay_seconds)
        print(f"ok: {summary}")
        print(f"ok: {step_replica_stops(a, b, replica, slug, page)}")
    except Failure as failure:
        problems.append(str(failure))
    except subprocess.CalledProcessError as error:
        problems.append(f"{' '.join(error.cmd[:2])} failed: {error.stderr}")
    finally:
        for host in hosts:
            host.stop()
        if problems:
            for host in hosts:
                print(f"--- last lines of host {host.name}'s log")
                print("\n".join(host.log.read_text(errors="replace").splitlines()[-20:]))
        for cluster in (replica, primary):
            if cluster is not None:
                with contextlib.suppress(Exception):  # never started, or stopped already
                    cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)

    for problem in problems:
        print(f"FAIL: {problem}")
    print("Replica: " + ("FAILED" if problems else "reads on the replica, each writer's own reads on the primary"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
