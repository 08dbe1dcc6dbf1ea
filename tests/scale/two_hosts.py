"""Two app hosts behind nginx, one PostgreSQL, one Redis: the forum behaves as one site.

    .venv/bin/python tests/scale/two_hosts.py [--postgres URL] [--redis URL] [--workers N] [--repliers N]

Starts two gunicorn instances on two ports, as two app servers behind a load balancer
would run, against one fresh PostgreSQL database (created on the --postgres server and
dropped afterwards) and one Redis database (--redis, its own database number, emptied
before and after). Then, as real browsers would, over HTTP with cookies and CSRF tokens:

1. both hosts answer /healthz with 200;
2. a reader signs in through host B and posts a comment through host A (the session is
   shared); a reader of host B sees the new comment at once;
3. a moderator hides it through host A (the admin's hide action, with a reason); it is
   gone from host B at once;
4. a user posts through host A until the rate limit refuses them (429); host B refuses
   them too;
5. many users post replies into one thread at the same moment, half through each host,
   each answering the thread's first comment and then their own reply; every reply is
   stored exactly once and `check_threads` finds every tree sound.

Then through nginx, with deploy/nginx/threads.conf rendered for the two hosts (tests/scale/nginx_front.py):

6. a hashed static file comes from nginx itself, cached for a year;
7. a body over 256 KB gets 413 and a burst from one address 429 (a second nginx with the file's own rates);
8. 50 slow clients held open against nginx leave a normal page about as fast as before;
9. host B stops (SIGTERM) while readers and posters go through nginx: no GET fails, every acknowledged
   POST is stored once, and a POST caught by the stop is refused clearly and stored at most once.

Exits 1, naming each step that went wrong, if any of that does not hold.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: the repository's packages import from its root
from tests.scale import nginx_front  # noqa: E402
from tests.scale.browser import PASSWORD, Browser, Failure, Response  # noqa: E402
from tests.scale.stack import (  # noqa: E402
    SET_UP_USERS,
    THREAD_CONTENTS,
    Host,
    create_database,
    drop_database,
    empty_redis,
    manage,
    shell,
    start_host,
    wait_healthy,
)

# All the demonstration's clients share one address: nginx's per-address limits, checked on their own by
# step_limits, are lifted for the rest.
OPEN_RATES = {"rate=20r/s;": "rate=100000r/s;", "rate=2r/s;": "rate=100000r/s;"}
FAILOVER_POSTERS = 16


# ---------------------------------------------------------------- the steps


def comment_id(response: Response) -> int:
    found = re.search(r"#c(\d+)$", response.location)
    if response.status != 302 or not found:
        raise Failure(f"posting through host {response.host} answered {response.status}, not a redirect to the comment")
    return int(found.group(1))


def post_comment(browser: Browser, host: Host, slug: str, body: str) -> Response:
    return browser.submit(host, f"/a/{slug}/comment/", "body", {"body": body})


def post_reply(browser: Browser, host: Host, parent: int, body: str) -> Response:
    return browser.submit(host, f"/c/{parent}/reply/", "body", {"body": body})


def page_of(response: Response) -> str:
    return urllib.parse.urldefrag(response.location).url


def step_read_through_the_other_host(a: Host, b: Host, slug: str) -> tuple[int, str, str]:
    reader, anonymous = Browser("rosa"), Browser("anonymous reader")
    for host in (a, b):
        anonymous.get(host, f"/a/{slug}/")  # each host renders, and may cache, the discussion first
    reader.log_in(b, "rosa")  # the session made on B ...
    marker = f"Posted through host A, read through host B ({secrets.token_hex(6)})"
    posted = post_comment(reader, a, slug, marker)  # ... carries the post on A
    pk = comment_id(posted)
    page = page_of(posted)
    before = anonymous.get(b, page)
    if before.status != 200 or marker not in before.text:
        raise Failure(f"the comment posted through host A is not on host B's page {page} ({before.status})")
    return pk, page, marker


def step_hide_through_one_host(a: Host, b: Host, pk: int, page: str, marker: str) -> None:
    moderator, anonymous = Browser("moderator"), Browser("anonymous reader")
    moderator.log_in(a, "moderator")
    # The admin's "hide" action, as a moderator uses it: choose it for the comment, then give a reason.
    changelist = "/admin/comments/comment/"
    chosen = {"action": "hide_comments", "_selected_action": str(pk)}
    asked = moderator.submit(a, changelist, "action", chosen)
    if asked.status != 200:
        raise Failure(f"choosing to hide comment {pk} through host A answered {asked.status}")
    hidden = moderator.fill(a, changelist, asked, "reason", {"reason": "Hidden to show it is gone on every host"})
    if hidden.status != 302:
        raise Failure(f"hiding comment {pk} through host A answered {hidden.status}, not a redirect")
    after = anonymous.get(b, page)
    if after.status != 200 or marker in after.text:
        raise Failure(f"comment {pk}, hidden through host A, is still shown by host B")


def step_rate_limit_across_hosts(a: Host, b: Host, slug: str, limit_hint: int) -> int:
    hasty = Browser("hasty")
    hasty.log_in(a, "hasty")
    # The counters in Redis count per clock minute: start early in one, so that the refusal on A and
    # the attempt on B fall in the same minute and the comparison means something.
    into_minute = time.time() % 60
    if into_minute > 40:
        time.sleep(60 - into_minute + 0.5)
    accepted = 0
    for number in range(limit_hint + 5):
        answer = post_comment(hasty, a, slug, f"Hasty comment {number} ({secrets.token_hex(4)})")
        if answer.status == 429:
            break
        comment_id(answer)
        accepted += 1
    else:
        raise Failure(f"host A never refused the hasty user ({accepted} comments accepted)")
    on_b = post_comment(hasty, b, slug, f"One more, through host B ({secrets.token_hex(4)})")
    if on_b.status != 429:
        raise Failure(f"over the limit on host A, the user posted through host B ({on_b.status})")
    return accepted


def step_concurrent_replies(a: Host, b: Host, env: dict, slug: str, repliers: list[str]) -> int:
    starter = Browser("olga")
    starter.log_in(a, "olga")
    root = comment_id(post_comment(starter, a, slug, "A thread for everyone at once"))
    browsers = []
    for number, name in enumerate(repliers):
        browser = Browser(name)
        host = a if number % 2 == 0 else b
        browser.log_in(host, name)
        browsers.append((browser, host))
    expected: list[str] = []
    problems: list[str] = []
    start = threading.Barrier(len(browsers))

    def replies(browser: Browser, host: Host) -> None:
        first = f"{browser.name} answers the thread through host {host.name}"
        second = f"{browser.name} adds to their own reply through host {host.name}"
        expected.extend([first, second])
        try:
            start.wait(timeout=60)
            own = comment_id(post_reply(browser, host, root, first))
            comment_id(post_reply(browser, host, own, second))
        except Exception as error:  # every failure is reported below, with its user
            problems.append(f"{browser.name} via host {host.name}: {error}")

    threads = [threading.Thread(target=replies, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if problems:
        raise Failure("concurrent replies failed: " + "; ".join(problems))
    stored = json.loads(shell(env, THREAD_CONTENTS.format(root=root)))
    if sorted(stored) != sorted(expected):
        missing = sorted(set(expected) - set(stored))
        raise Failure(f"{len(stored)} replies stored, {len(expected)} posted; missing {missing[:5]}")
    verdict = manage(env, "check_threads").strip().splitlines()[-1]
    if verdict != "All comment trees are sound.":
        raise Failure(f"check_threads: {verdict}")
    return len(stored)


BODY_COUNTS = """
import json
from collections import Counter
from comments.models import Comment
bodies = json.loads({bodies!r})
print(json.dumps(Counter(Comment.objects.filter(body__in=bodies).values_list("body", flat=True))))
"""


def step_host_stopped(front, b: Host, env: dict, slug: str, posters: list[str]) -> str:
    """Host B stops while readers and posters go through nginx: no GET fails, no POST is lost or doubled."""
    browsers = []
    for name in posters:
        browser = Browser(name)
        browser.log_in(front, name)
        browsers.append(browser)
    reads: list[int] = []
    posts: dict[str, int] = {}  # body -> status the poster got
    stopping = threading.Event()

    def read() -> None:
        reader = Browser("reader")
        while not stopping.is_set():
            for path in ("/", f"/a/{slug}/", "/healthz"):
                reads.append(reader.get(front, path).status)

    def post(browser: Browser) -> None:
        for number in range(2):  # new accounts may post two comments a minute
            body = f"{browser.name} posts through nginx, number {number} ({secrets.token_hex(4)})"
            try:
                posts[body] = post_comment(browser, front, slug, body).status
            except (Failure, OSError) as error:  # the form page itself failed: counted as a failed read
                reads.append(0)
                posts[body] = -1
                print(f"  {browser.name}: {error}")
            time.sleep(0.5)

    readers = [threading.Thread(target=read) for _ in range(3)]
    writers = [threading.Thread(target=post, args=(browser,)) for browser in browsers]
    for thread in readers + writers:
        thread.start()
    time.sleep(0.7)
    b.stop()  # SIGTERM: gunicorn finishes what it holds and takes no more
    for thread in writers:
        thread.join()
    time.sleep(1)
    stopping.set()
    for thread in readers:
        thread.join()
    failed_reads = [status for status in reads if status != 200]
    if failed_reads:
        raise Failure(f"{len(failed_reads)} of {len(reads)} GETs failed while host B stopped: {failed_reads[:10]}")
    unclear = {body: status for body, status in posts.items() if status not in {302, 502, 503, 504}}
    if unclear:
        raise Failure(f"POSTs answered neither a redirect nor a clear refusal: {list(unclear.values())[:10]}")
    stored = json.loads(shell(env, BODY_COUNTS.format(bodies=json.dumps(list(posts)))))
    for body, status in posts.items():
        if status == 302 and stored.get(body) != 1:
            raise Failure(f"an acknowledged post is stored {stored.get(body, 0)} times: {body}")
        if stored.get(body, 0) > 1:
            raise Failure(f"a post is stored {stored[body]} times: {body}")
    acknowledged = sum(status == 302 for status in posts.values())
    return (
        f"host B stopped mid-run: {len(reads)} GETs through nginx all 200; {acknowledged} of {len(posts)} POSTs "
        f"acknowledged, each stored once; {len(posts) - acknowledged} refused clearly, none stored twice"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres", default=os.environ.get("TWO_HOSTS_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--redis", default=os.environ.get("TWO_HOSTS_REDIS", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--repliers", type=int, default=12, help="users replying at the same moment")
    options = parser.parse_args()

    server = options.postgres.rstrip("/")
    database = f"forum_two_hosts_{os.getpid()}_{int(time.time())}"
    directory = Path(tempfile.mkdtemp(prefix="forum-two-hosts-"))
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "FORUM_"))},
        "DATABASE_URL": f"{server}/{database}",
        "REDIS_URL": options.redis,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one key for every host, as in production
        "DJANGO_SECURE": "0",  # plain HTTP on localhost
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Every simulated reader comes from 127.0.0.1: the per-address limits (tested on their own in the
        # suite) would refuse them all as one flood, so they are lifted here, as nginx's are.
        "FORUM_ADDRESS_COMMENTS_PER_MINUTE": "0",
        "FORUM_ADDRESS_VOTES_PER_MINUTE": "0",
        "FORUM_SIGNUPS_PER_ADDRESS_PER_HOUR": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_BEHIND_PROXY": "1",  # nginx in front; gunicorn trusts its forwarded headers (FORWARDED_ALLOW_IPS)
    }
    repliers = [f"replier{number:02d}" for number in range(options.repliers)]
    hosts: list[Host] = []
    fronts: list[nginx_front.Nginx] = []
    problems: list[str] = []
    try:
        create_database(server, database)
        empty_redis(options.redis)
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        posters = [f"poster{number:02d}" for number in range(FAILOVER_POSTERS)]
        names = ["rosa", "moderator", "hasty", "olga", *repliers, *posters]
        slug = shell(env, SET_UP_USERS.format(names=json.dumps(names), password=PASSWORD))
        limit = int(shell(env, "from django.conf import settings; print(settings.NEW_ACCOUNT_COMMENTS_PER_MINUTE)"))

        hosts = [start_host(name, env, options.workers, directory) for name in ("A", "B")]
        a, b = hosts
        for host in hosts:
            health = wait_healthy(host)
            print(f"host {host.name} on port {host.port}: /healthz {health}")

        posted: dict[str, object] = {}

        def read_through_b() -> str:
            posted["pk"], posted["page"], posted["marker"] = step_read_through_the_other_host(a, b, slug)
            return f"comment {posted['pk']} posted through A by a user signed in on B, shown by B at once"

        def hide_through_a() -> str:
            if not posted:
                raise Failure("nothing was posted to hide")
            step_hide_through_one_host(a, b, posted["pk"], posted["page"], posted["marker"])
            return f"comment {posted['pk']} hidden through A, gone from B at once"

        def rate_limit() -> str:
            accepted = step_rate_limit_across_hosts(a, b, slug, limit)
            return f"A refused the user after {accepted} comments in a minute, and so did B"

        def concurrent_replies() -> str:
            count = step_concurrent_replies(a, b, env, slug, repliers)
            return f"{count} replies posted at once through both hosts, every one stored, every tree sound"

        static_root = ROOT / "staticfiles"
        upstreams = [f"127.0.0.1:{host.port}" for host in hosts]
        front = nginx_front.start_nginx(upstreams, static_root, Path(tempfile.mkdtemp()), OPEN_RATES)
        fronts.append(front)
        print(f"nginx on port {front.port} in front of both hosts")

        def static_files() -> str:
            return nginx_front.step_static_files(front, Browser("reader").get(front, f"/a/{slug}/").text)

        def limits() -> str:
            strict = nginx_front.start_nginx(upstreams, static_root, Path(tempfile.mkdtemp()))
            fronts.append(strict)
            return nginx_front.step_limits(strict)

        def slow_clients() -> str:
            return nginx_front.step_slow_clients(front, f"/a/{slug}/", options.workers * len(hosts))

        def host_stopped() -> str:
            for host in hosts:
                if host.process.poll() is not None:
                    raise Failure(f"host {host.name} exited during the demonstration")
            return step_host_stopped(front, b, env, slug, posters)

        for title, step in [
            ("shared reads", read_through_b),
            ("shared moderation", hide_through_a),
            ("shared rate limit", rate_limit),
            ("concurrent replies", concurrent_replies),
            ("nginx serves static files", static_files),
            ("nginx limits", limits),
            ("slow clients held by nginx", slow_clients),
            ("a host stopped behind nginx", host_stopped),
        ]:
            try:
                print(f"ok: {step()}")
            except Failure as failure:
                problems.append(f"{title}: {failure}")
    except Failure as failure:
        problems.append(f"set-up: {failure}")
    finally:
        for front in fronts:
            if problems:
                print(f"--- nginx error log\n{front.error_log()[-2000:]}")
            front.stop()
        for host in hosts:
            host.stop()
        if problems:
            for host in hosts:
                print(f"--- last lines of host {host.name}'s log")
                print("\n".join(host.log.read_text(errors="replace").splitlines()[-20:]))
        with contextlib.suppress(Exception):  # never created, or the server is gone: nothing to clean
            drop_database(server, database)
        with contextlib.suppress(Exception):
            empty_redis(options.redis)
        for leftover in directory.iterdir():
            leftover.unlink()
        directory.rmdir()

    for problem in problems:
        print(f"FAIL: {problem}")
    print("Two hosts: " + ("FAILED" if problems else "behind nginx, on one PostgreSQL and one Redis, one site"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
