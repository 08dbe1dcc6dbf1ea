"""A backup that restores: pg_dump while comments are being posted, restore, and compare with the dump's snapshot.

    .venv/bin/python tests/faults/restore_drill.py [--seconds S]

It starts a throwaway PostgreSQL cluster (as tests/faults/pg_restart.py does), migrates and
seeds the forum into it, and starts posting comments (new threads and replies, each in its own
transaction) from another process. While they are posted:

1. a repeatable-read transaction exports its snapshot and reads what had committed in it: the
   number of rows in each table and every comment's place in its tree and a digest of its text;
2. `pg_dump --format=custom --snapshot=...` dumps exactly that snapshot, as the nightly backup would;
3. after the posting stops, `pg_restore` loads the dump into a fresh database, `check_threads`
   finds every tree there sound, and the counts and comments equal what the snapshot held.

Exits 1, naming what went wrong, if any of that does not hold.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages import from its root
from tests.faults.pg_restart import PYTHON, Cluster, free_port, manage  # noqa: E402

# Each comment as the tree holds it, with a digest of its text: equal here means equal rows.
COMMENTS_SQL = (
    "SELECT id, article_id, parent_id, tree_id, lft, rght, level, md5(body) FROM comments_comment ORDER BY id"
)
POSTER = """
import random, time
from comments.models import Comment
from forum.articles.models import Article
article = Article.objects.get()
until = time.time() + {seconds}
number = 0
while time.time() < until:
    parents = list(Comment.objects.order_by("-id").values_list("id", flat=True)[:20])
    parent = Comment.objects.get(pk=random.choice(parents)) if parents and number % 3 else None
    body = f"Posted during the backup, number {{number}}"
    Comment.objects.insert(article, parent=parent, body=body, author_name="drill")
    number += 1
print(number)
"""


class Failure(Exception):
    """A step of the drill did not hold."""


def snapshot_contents(cursor) -> dict:
    counts = {}
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    for (table,) in cursor.fetchall():  # every table the migrations made, whatever the apps are called
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608  names from the catalogue, quoted
        counts[table] = cursor.fetchone()[0]
    cursor.execute(COMMENTS_SQL)
    return {"counts": counts, "comments": [list(row) for row in cursor.fetchall()]}


def contents(url: str) -> dict:
    import psycopg

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        return snapshot_contents(cursor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="how long comments are posted")
    options = parser.parse_args()
    import psycopg

    directory = Path(tempfile.mkdtemp(prefix="forum-restore-drill-"))
    directory.chmod(0o755)  # the cluster's own directory is the postgres user's: it must get through this one
    (directory / "cluster").mkdir()
    cluster = Cluster(directory / "cluster", free_port())
    problems: list[str] = []
    poster = None
    try:
        cluster.create()
        cluster.start()
        cluster.create_database("forum")
        cluster.create_database("forum_restored")
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "FORUM_"))},
            "DATABASE_URL": cluster.url("forum"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        command = [PYTHON, "manage.py", "shell", "--no-imports", "--command", POSTER.format(seconds=options.seconds)]
        poster = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603
        time.sleep(options.seconds / 2)  # mid-way: comments are being posted right now

        dump = directory / "forum.dump"
        with psycopg.connect(cluster.url("forum")) as connection, connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            at_snapshot = snapshot_contents(cursor)
            # The nightly command, on the snapshot held open above (a plain pg_dump takes its own).
            dump_command = [str(cluster.bin / "pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
            subprocess.run([*dump_command, f"--file={dump}", cluster.url("forum")], check=True, capture_output=True)  # noqa: S603
            connection.rollback()
        posted = int(poster.communicate(timeout=options.seconds + 60)[0].strip().splitlines()[-1])
        after = contents(cluster.url("forum"))

        restore = [
            str(cluster.bin / "pg_restore"),
            "--no-owner",
            f"--dbname={cluster.url('forum_restored')}",
            str(dump),
        ]
        subprocess.run(restore, check=True, capture_output=True)  # noqa: S603
        restored_env = {**env, "DATABASE_URL": cluster.url("forum_restored")}
        verdict = manage(restored_env, "check_threads").strip().splitlines()[-1]
        restored = contents(cluster.url("forum_restored"))

        comments_then = at_snapshot["counts"]["comments_comment"]
        comments_after = after["counts"]["comments_comment"]
        print(
            f"{posted} comments posted in the drill; the dump's snapshot held {comments_then}, the end {comments_after}"
        )
        if not comments_then < after["counts"]["comments_comment"]:
            problems.append("no comment was posted after the snapshot: the drill proved nothing about a busy site")
        if verdict != "All comment trees are sound.":
            problems.append(f"check_threads on the restored database: {verdict}")
        if restored["counts"] != at_snapshot["counts"]:
            problems.append(f"counts differ: snapshot {at_snapshot['counts']}, restored {restored['counts']}")
        if restored["comments"] != at_snapshot["comments"]:
            differing = [row for row in restored["comments"] if row not in at_snapshot["comments"]]
            problems.append(f"restored comments differ from the snapshot's, e.g. {json.dumps(differing[:3])}")
        else:
            print(f"ok: restored {comments_then} comments, equal to the snapshot in place and text; {verdict}")
    except subprocess.CalledProcessError as error:
        problems.append(f"{' '.join(map(str, error.cmd[:2]))} failed: {error.stderr}")
    except Failure as failure:
        problems.append(str(failure))
    finally:
        if poster is not None and poster.poll() is None:
            poster.kill()
        with contextlib.suppress(subprocess.CalledProcessError):  # never started, or already stopped
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)

    for problem in problems:
        print(f"FAIL: {problem}")
    print("Restore drill: " + ("FAILED" if problems else "the backup restores to exactly what it saw"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
