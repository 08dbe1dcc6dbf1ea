"""A load test with real clients: Locust against nginx, two app hosts, a PostgreSQL primary and replica, Redis.

    .venv/bin/pip install -e '.[load]'
    .venv/bin/python tests/scale/load.py [--users N] [--seconds S] [--redis URL] [--workers N]

Starts its own PostgreSQL primary and streaming replica (tests/scale/replica.py's way), two
gunicorn hosts reading from the replica, and nginx with deploy/nginx/threads.conf (its
per-address limits lifted: every simulated user comes from 127.0.0.1), on free ports; Redis
is --redis (its own database number, emptied before and after). Then runs Locust headless:
--users simulated users (tests/scale/locustfile.py: anonymous readers, most of them, and
members who read, reply and report) for --seconds. It prints requests per second, p50, p95 and
p99 per request kind and the errors, and afterwards checks every tree (check_threads) and that
every reply the forum acknowledged is stored exactly once.

Exits 1 if any request failed (a 429 from the posting rate limit is not a failure) or a check fails.
"""

import argparse
import contextlib
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages import from its root
from tests.faults.pg_restart import Cluster, free_port, manage  # noqa: E402
from tests.scale import nginx_front  # noqa: E402
from tests.scale.browser import PASSWORD, Failure  # noqa: E402
from tests.scale.replica import make_standby  # noqa: E402
from tests.scale.stack import empty_redis, start_host, wait_healthy  # noqa: E402
from tests.scale.two_hosts import BODY_COUNTS, OPEN_RATES  # noqa: E402

MEMBERS = 100  # accounts the signed-in simulated users take turns with

SET_UP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from comments.models import Comment
from forum.articles.models import Article
names = json.loads({names!r})
User = get_user_model()
for name in names:
    # Accounts older than a day: the ordinary posting rate, not the new accounts' lower one.
    User.objects.create_user(username=name, password={password!r}, date_joined=timezone.now() - timedelta(days=2))
article = Article.objects.get()
print(json.dumps([article.slug, list(Comment.objects.values_list("pk", flat=True))]))
"""


def summary(stats_csv: Path) -> tuple[str, int]:
    """A Markdown table of the Locust figures per request kind, and the number of failed requests."""
    lines = [
        "| request | count | failed | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    failures = 0
    with stats_csv.open() as rows:
        for row in csv.DictReader(rows):
            name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
            lines.append(
                f"| {name} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
                f"| {row['50%']} | {row['95%']} | {row['99%']} |"
            )
            if row["Name"] == "Aggregated":
                failures = int(row["Failure Count"])
    return "\n".join(lines), failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per host")
    parser.add_argument("--redis", default=os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/12"))
    options = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="forum-load-"))
    directory.chmod(0o755)  # each cluster's own directory is the postgres user's: it must get through this one
    (directory / "primary").mkdir()
    (directory / "standby").mkdir()
    primary = Cluster(directory / "primary", free_port())
    replica = None
    hosts, fronts = [], []
    problems: list[str] = []
    try:
        primary.create()
        primary.start()
        primary.create_database("forum")
        empty_redis(options.redis)
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "FORUM_"))},
            "DATABASE_URL": primary.url("forum"),
            "REDIS_URL": options.redis,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE": "0",  # plain HTTP on localhost
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            # Every simulated reader comes from 127.0.0.1: the per-address limits (tested on their own in the
            # suite) would refuse them all as one flood, so they are lifted here, as nginx's are.
            "FORUM_ADDRESS_COMMENTS_PER_MINUTE": "0",
            "FORUM_ADDRESS_VOTES_PER_MINUTE": "0",
            "FORUM_SIGNUPS_PER_ADDRESS_PER_HOUR": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_BEHIND_PROXY": "1",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        names = [f"member{number:03d}" for number in range(MEMBERS)]
        code = SET_UP.format(names=json.dumps(names), password=PASSWORD)
        slug, comments = json.loads(manage(env, "shell", "--no-imports", "--command", code).strip().splitlines()[-1])
        replica = make_standby(primary, directory / "standby", 0)
        env["DATABASE_REPLICA_URL"] = replica.url("forum")
        hosts = [
            start_host(name, {**env, "GUNICORN_CMD_ARGS": "--access-logfile /dev/null"}, options.workers, directory)
            for name in ("A", "B")
        ]
        for host in hosts:
            wait_healthy(host)
        upstreams = [f"127.0.0.1:{host.port}" for host in hosts]
        front = nginx_front.start_nginx(upstreams, ROOT / "staticfiles", directory / "nginx", OPEN_RATES)
        fronts.append(front)

        acks = directory / "acknowledged.json"
        locust_env = {
            **os.environ,
            "LOAD_SLUG": slug,
            "LOAD_COMMENTS": json.dumps(comments),
            "LOAD_PASSWORD": PASSWORD,
            "LOAD_USERNAMES": json.dumps(names),
            "LOAD_ACKS": str(acks),
        }
        command = [sys.executable, "-m", "locust", "-f", str(ROOT / "tests" / "scale" / "locustfile.py"), "--headless"]
        command += ["--users", str(options.users), "--spawn-rate", str(max(options.users // 5, 1))]
        command += ["--run-time", f"{options.seconds}s", "--host", front.base, "--csv", str(directory / "load")]
        command += ["--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
        print(
            f"Locust: {options.users} users for {options.seconds} s against nginx, 2 hosts × {options.workers} workers"
        )
        locust = subprocess.run(command, env=locust_env, capture_output=True, text=True, timeout=options.seconds + 120)  # noqa: S603
        if locust.returncode != 0 or not (directory / "load_stats.csv").exists():
            raise Failure(f"locust failed:\n{locust.stderr[-3000:]}")
        table, failures = summary(directory / "load_stats.csv")
        print(table)
        if failures:
            problems.append(f"{failures} requests failed:\n{(directory / 'load_failures.csv').read_text()[:3000]}")

        verdict = manage(env, "check_threads").strip().splitlines()[-1]
        if verdict != "All comment trees are sound.":
            problems.append(f"check_threads: {verdict}")
        bodies = json.loads(acks.read_text())
        stored = json.loads(
            manage(env, "shell", "--no-imports", "--command", BODY_COUNTS.format(bodies=json.dumps(bodies)))
            .strip()
            .splitlines()[-1]
        )
        wrong = {body: stored.get(body, 0) for body in bodies if stored.get(body, 0) != 1}
        if wrong:
            problems.append(f"{len(wrong)} acknowledged replies are not stored exactly once: {list(wrong.items())[:3]}")
        else:
            print(f"ok: {len(bodies)} acknowledged replies, each stored exactly once; {verdict}")
    except Failure as failure:
        problems.append(str(failure))
    except subprocess.CalledProcessError as error:
        problems.append(f"{' '.join(map(str, error.cmd[:2]))} failed: {error.stderr}")
    finally:
        for front in fronts:
            front.stop()
        for host in hosts:
            host.stop()
        for cluster in (replica, primary):
            if cluster is not None:
                with contextlib.suppress(Exception):  # never started, or stopped already
                    cluster.stop()
        with contextlib.suppress(Exception):
            empty_redis(options.redis)
        shutil.rmtree(directory, ignore_errors=True)

    for problem in problems:
        print(f"FAIL: {problem}")
    print("Load test: " + ("FAILED" if problems else "no request failed, every tree sound, every reply stored once"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
