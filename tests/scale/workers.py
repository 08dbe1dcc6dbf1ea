"""The worker tier: three `db_worker` hosts share one queue; one is killed mid-task; nothing is doubled.

    .venv/bin/python tests/scale/workers.py [--postgres URL] [--repliers N]

Against a fresh PostgreSQL database (created on the --postgres server and dropped afterwards):

1. three `manage.py db_worker` processes start, each a "host" with its own environment, worker id
   and mail directory (Django's file-based email backend), all on the one database queue;
2. an app process posts replies to four readers who chose "email at once": every reply enqueues a
   fan-out task, which makes its notices and queues an email, whose own task sends it;
3. while the work runs, worker A is killed with SIGKILL the moment it holds a task;
4. the other two finish the queue. Then: every notice exists once, each reply's email was written at
   most once across all hosts' mail directories, every email row is SENT except those worker A left
   SENDING (never resent, by design: counted and printed), and each worker ran some of the tasks.

A task the killed worker held stays RUNNING in the queue and is not run again by the database backend by
itself; the script runs `manage.py requeue_stalled_tasks`, as cron does in production (every task is
safe to run twice), and checks that nothing was then missing.

Exits 1, naming each check that failed, if any of that does not hold.
"""

import argparse
import collections
import email
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages import from its root
from tests.scale.browser import Failure  # noqa: E402
from tests.scale.stack import PYTHON, create_database, drop_database, manage, shell  # noqa: E402

WORKERS = ("a", "b", "c")
OWNERS = 4  # readers who take email at once; every reply answers one of them
KILL_AFTER_TASKS = 40  # worker A has done its share of the work before it dies
BOUND_SECONDS = 90  # the whole queue drains well within this on a busy two-core machine

POST_REPLIES = """
from django.contrib.auth import get_user_model
from comments.models import Comment
from comments.notifications.models import EmailPreference
from forum.articles.models import Article
User = get_user_model()
article = Article.objects.create(title="Workers", slug="workers", body="The worker tier.")
roots = []
for number in range({owners}):
    owner = User.objects.create_user(username=f"owner{{number}}", email=f"owner{{number}}@example.org")
    EmailPreference.choose(owner, EmailPreference.Mode.IMMEDIATE)
    roots.append(Comment.objects.start_thread(article, author=owner, body=f"Question {{number}}."))
for number in range({repliers}):
    replier = User.objects.create_user(username=f"replier{{number}}")
    for root in roots:
        Comment.objects.reply(root, author=replier, body=f"Answer from replier {{number}}.")
print("posted")
"""

OUTCOME = """
import json
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from comments.models import Comment
from comments.notifications.models import Notification, OutboundEmail
replies = list(Comment.objects.filter(parent__isnull=False).values_list("pk", "parent__author_id"))
reply_notices = {{}}
for comment_id, recipient_id in Notification.objects.filter(kind="reply").values_list("comment_id", "recipient_id"):
    reply_notices[f"{{comment_id}}:{{recipient_id}}"] = reply_notices.get(f"{{comment_id}}:{{recipient_id}}", 0) + 1
doubled = Notification.objects.values("recipient", "comment", "kind").annotate(n=Count("pk")).filter(n__gt=1).count()
tasks = {{}}
for result in DBTaskResult.objects.values("status", "worker_ids", "task_path", "args_kwargs"):
    tasks.setdefault(result["status"], []).append(
        [result["worker_ids"], result["task_path"].rsplit(".", 1)[-1], result["args_kwargs"]["args"]]
    )
print(json.dumps({{
    "replies": [f"{{pk}}:{{owner}}" for pk, owner in replies],
    "reply_notices": reply_notices,
    "notices": Notification.objects.count(),
    "doubled_notices": doubled,
    "emails": {{key: state for key, state in OutboundEmail.objects.values_list("key", "state")}},
    "tasks": tasks,
}}))
"""


def start_worker(name: str, env: dict, directory: Path) -> subprocess.Popen:
    mail = directory / f"mail-{name}"
    mail.mkdir()
    host_env = {**env, "DJANGO_EMAIL_FILE_PATH": str(mail)}
    command = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
    command += ["--worker-id", f"host-{name}"]
    log = (directory / f"worker-{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=host_env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def holding_a_task_after_some(server: str, database: str, worker_id: str, finished: int) -> bool:
    """True once `worker_id` has finished `finished` tasks and holds another right now."""
    import psycopg

    with psycopg.connect(f"{server}/{database}", autocommit=True) as connection:
        done, running = connection.execute(
            "SELECT count(*) FILTER (WHERE status = 'SUCCESSFUL'), count(*) FILTER (WHERE status = 'RUNNING')"
            " FROM django_tasks_database_dbtaskresult WHERE worker_ids ? %s",
            [worker_id],
        ).fetchone()
    return done >= finished and running > 0


def queue_left(server: str, database: str) -> int:
    import psycopg

    with psycopg.connect(f"{server}/{database}", autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ).fetchone()[0]


def sent_message_ids(directory: Path, hosts: str = "mail-*") -> collections.Counter:
    """Message-IDs of every message the hosts' file backends wrote (one file per connection, messages split)."""
    found: collections.Counter = collections.Counter()
    for path in directory.glob(f"{hosts}/*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found[email.message_from_string(chunk.strip())["Message-ID"]] += 1
    return found


def kill_a_worker_mid_task(worker: subprocess.Popen, server: str, database: str) -> bool:
    """SIGKILL `worker` the moment the queue shows it holding a task; True if it held one when killed."""
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline:
        if holding_a_task_after_some(server, database, "host-a", KILL_AFTER_TASKS):
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
            return True
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    return False


def email_states(outcome: dict) -> dict:
    return dict(collections.Counter(outcome["emails"].values()))


def check(outcome: dict, messages: collections.Counter, problems: list[str]) -> None:
    missing = [reply for reply in outcome["replies"] if outcome["reply_notices"].get(reply) != 1]
    if missing:
        problems.append(f"{len(missing)} replies without exactly one notice to the parent's author")
    if outcome["doubled_notices"]:
        problems.append(f"{outcome['doubled_notices']} notices stored twice")
    twice = [key for key, count in messages.items() if count > 1]
    if twice:
        problems.append(f"{len(twice)} emails written twice: {twice[:3]}")
    states = collections.Counter(outcome["emails"].values())
    if len(outcome["emails"]) != len(outcome["replies"]):
        problems.append(f"{len(outcome['emails'])} email rows for {len(outcome['replies'])} replies")
    if states.get("sending", 0) > 1 or set(states) - {"sent", "sending"}:
        problems.append(f"email rows not all sent: {dict(states)}")
    if len(messages) < states.get("sent", 0):
        problems.append(f"{states.get('sent', 0)} rows marked sent but only {len(messages)} messages written")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("WORKERS_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--repliers", type=int, default=50, help="each replies once to each of the four readers")
    options = parser.parse_args()

    server = options.postgres.rstrip("/")
    database = f"forum_workers_{os.getpid()}_{int(time.time())}"
    directory = Path(tempfile.mkdtemp(prefix="forum-workers-"))
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "FORUM_"))},
        "DATABASE_URL": f"{server}/{database}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SECURE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "FORUM_TASKS_BACKEND": "database",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        # One process posts for many readers at once: the per-account limits would refuse it.
        "FORUM_COMMENTS_PER_MINUTE": "100000",
        "FORUM_NEW_ACCOUNT_COMMENTS_PER_MINUTE": "100000",
        "FORUM_ADDRESS_COMMENTS_PER_MINUTE": "100000",
    }
    workers: dict[str, subprocess.Popen] = {}
    problems: list[str] = []
    try:
        create_database(server, database)
        manage(env, "migrate", "--noinput")
        workers = {name: start_worker(name, env, directory) for name in WORKERS}
        code = POST_REPLIES.format(owners=OWNERS, repliers=options.repliers)
        poster = subprocess.Popen(  # noqa: S603  a fixed command
            [PYTHON, "manage.py", "shell", "--no-imports", "--command", code],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        held = kill_a_worker_mid_task(workers["a"], server, database)
        print(f"worker a killed with SIGKILL {'while holding a task' if held else '(it never held a task)'}")
        output, _ = poster.communicate(timeout=BOUND_SECONDS)
        if "posted" not in output:
            raise Failure(f"posting the replies failed:\n{output[-3000:]}")
        deadline = time.monotonic() + BOUND_SECONDS
        while queue_left(server, database) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)  # the last claimed tasks finish

        outcome = json.loads(shell(env, OUTCOME.format()))
        stuck = outcome["tasks"].get("RUNNING", [])
        unanswered = [reply for reply in outcome["replies"] if reply not in outcome["reply_notices"]]
        print(f"before recovery: {len(unanswered)} replies without their notice, email rows {email_states(outcome)}")
        for worker_ids, task, args in stuck:
            print(f"left RUNNING by the killed worker ({worker_ids}), not run again by the queue: {task}{tuple(args)}")
        if stuck:
            # What cron does every few minutes in production; here at once, the queue being drained otherwise.
            print(manage(env, "requeue_stalled_tasks", "--older-than", "0").strip())
        if stuck:
            deadline = time.monotonic() + BOUND_SECONDS
            while queue_left(server, database) and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(1)
            outcome = json.loads(shell(env, OUTCOME.format()))

        messages = sent_message_ids(directory)
        check(outcome, messages, problems)
        done = collections.Counter(ids[-1] for ids, _, _ in outcome["tasks"].get("SUCCESSFUL", []))
        per_host_mail = {
            path.name: sum(sent_message_ids(path.parent, path.name).values())
            for path in sorted(directory.glob("mail-*"))
        }
        print(f"{len(outcome['replies'])} replies, {outcome['notices']} notices, email rows {email_states(outcome)}")
        print(f"tasks finished per worker: {dict(done)}; messages written per host: {per_host_mail}")
        print(f"task results by state: { {state: len(rows) for state, rows in outcome['tasks'].items()} }")
        if any(done.get(f"host-{name}", 0) == 0 for name in WORKERS):
            problems.append(f"not every worker ran tasks: {dict(done)}")
    except Failure as failure:
        problems.append(str(failure))
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        drop_database(server, database)
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("worker tier: one shared queue, nothing doubled, nothing lost once the dead worker's task was requeued")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
