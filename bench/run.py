"""`make bench`: the discussion page at 100, 1,000 and 10,000 comments, against its baseline and its floor.

In one run, on a database made for it (a temporary SQLite file, or a scratch
PostgreSQL database next to the one DATABASE_URL names, dropped at the end):

- in-process (Django's test client, the full middleware stack): the article page
  uncached for an anonymous and for a signed-in reader, and cached; the same thread
  through django-mptt's {% recursetree %} with authors joined; the floor (a view
  returning the page's bytes); and the page's rows (its comment query, materialised
  as tuples, with no page around it); the median of at least 10 requests after a
  warm-up, the SQL queries, the page size. The uncached, signed-in and best-first pages
  and the rows, which the targets compare, are measured in turn, a round at a time;
- a reply, posted through the reply view (validation, rate limit, the tree's lock), into
  a 10-comment and a 10,000-comment article, in turn; and what rendering and storing
  a comment's piece adds to a write;
- the peak memory of a fresh process rendering the 10,000-comment page;
- over HTTP, gunicorn with the repository's gunicorn.conf.py and wrk (or a small
  bounded Python client where wrk is missing) on the 1,000-comment page uncached
  and cached, and on the floor: requests per second and latency percentiles.

It prints a table, writes bench/results/<database>.json (every figure) and .md (the
table the README quotes) and draws bench/results/<database>.png. Times are medians; targets are ratios within one run.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.http_load import free_port, measure_http, wait_for_port
from bench.report import HTTP_SIZE, draw_chart, markdown, print_table, targets

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = (100, 1_000, 10_000)
REPLY_SIZES = (10, 10_000)
WARM_UP = 2
PIECE_WRITES = 30  # comments whose piece is rendered and stored, timed one by one


# ---------------------------------------------------------------- the environment of one run


def scratch_database(url: str | None, workdir: Path) -> tuple[str, str | None]:
    """The URL of a database made for this run, and the PostgreSQL database to connect to to drop it."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_scratch"
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), url


def drop_scratch_database(scratch_url: str, admin_url: str | None) -> None:
    if admin_url is None:
        return
    import psycopg

    name = urlsplit(scratch_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def private_redis(workdir: Path):
    """A Redis of the run's own on a free port, so the shared cache sees what every gunicorn worker wrote."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(  # noqa: S603  a fixed command line
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def machine() -> dict:
    from django.db import connection

    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        database_version = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "database": connection.vendor,
        "database_version": database_version,
        "system": platform.platform(),
    }


# ---------------------------------------------------------------- in-process measurements


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def time_get(client, url: str, repeats: int) -> tuple[list[float], bytes]:
    response = None
    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
    return samples, response.content


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def rows_query(slug: str):
    """The physical floor of an uncached page: its comment query, to be run and its rows materialised as
    tuples (values_list of the columns the page needs, comments.rows.ROW_FIELDS), nothing else."""
    from comments.models import Comment
    from comments.rows import ROW_FIELDS
    from forum.articles.models import Article

    article = Article.objects.get(slug=slug)
    query = article.comments.filter(level__lte=Comment.DISPLAY_DEPTH).order_by("tree_id", "lft")
    return lambda: list(query.values_list(*ROW_FIELDS))


def time_in_turn(measures: dict, repeats: int) -> tuple[dict[str, list[float]], dict]:
    """Run each of `measures` (name: a function) once a round, in turn, for WARM_UP and then `repeats`
    rounds; their samples and last results. A burst of other work on a shared machine falls on all of
    them alike, so the ratios between them (the targets) hold however busy the machine is."""
    samples: dict[str, list[float]] = {name: [] for name in measures}
    results: dict = {}
    for number in range(WARM_UP + repeats):
        for name, measure in measures.items():
            started = time.perf_counter()
            results[name] = measure()
            if number >= WARM_UP:
                samples[name].append(time.perf_counter() - started)
    return samples, results


def page_of(client, url: str):
    def get() -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response.content

    return get


def signed_in_client():
    """A regular reader of the generated discussions: signed in, with comments and votes of their own in them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.generate import READER, ensure_authors

    client = Client()
    client.force_login(get_user_model().objects.get(pk=ensure_authors()[READER]))
    return client


def measure_page(slug: str, size: int, repeats: int) -> dict:
    from django.test import Client, override_settings

    from bench.views import set_floor_body

    client, reader = Client(), signed_in_client()
    page = f"/a/{slug}/"
    with override_settings(CACHE_DISCUSSIONS=False):
        # The pages the targets compare with each other and with their rows, measured in turn.
        samples, bodies = time_in_turn(
            {
                "uncached": page_of(client, page),
                "signed_in": page_of(reader, page),
                "best": page_of(client, page + "?sort=best"),
                "rows": rows_query(slug),
            },
            repeats,
        )
        uncached, signed_in, best, rows = (samples[name] for name in ("uncached", "signed_in", "best", "rows"))
        body, signed_in_body, best_body = bodies["uncached"], bodies["signed_in"], bodies["best"]
        queries = count_queries(client, page)
        signed_in_queries = count_queries(reader, page)
    with override_settings(CACHE_DISCUSSIONS=True):
        cached, cached_body = time_get(client, page, repeats)
        cached_queries = count_queries(client, page)
    # Not byte for byte: each response carries its own CSP nonce and relative times move on.
    for other, name in ((cached_body, "cached"), (signed_in_body, "signed-in"), (best_body, "best-first")):
        if other.count(b'<li class="comment') != body.count(b'<li class="comment'):
            raise RuntimeError(f"the {name} page of {slug} shows other comments than the uncached one")
    baseline_url = f"/bench/recursetree/{slug}/"
    baseline, baseline_body = time_get(client, baseline_url, repeats)
    baseline_queries = count_queries(client, baseline_url)
    set_floor_body(body)
    floor, _ = time_get(client, "/bench/floor/", repeats)
    # Both show every comment down to the display depth; deeper ones continue on their own page.
    shown = body.count(b'<li class="comment')
    if shown != baseline_body.count(b'<li class="comment'):
        raise RuntimeError(f"{slug}: the page shows {shown} comments, the baseline a different number")
    return {
        "comments": size,
        "comments_shown": shown,
        "requests": repeats,
        "uncached_ms": median_ms(uncached),
        "signed_in_ms": median_ms(signed_in),
        "best_ms": median_ms(best),
        "cached_ms": median_ms(cached),
        "recursetree_ms": median_ms(baseline),
        "floor_ms": median_ms(floor),
        "rows_ms": median_ms(rows),
        "spread": {
            name: [round(min(samples) * 1000, 2), round(max(samples) * 1000, 2)]
            for name, samples in (("uncached", uncached), ("signed_in", signed_in), ("recursetree", baseline))
        },
        "queries": queries,
        "signed_in_queries": signed_in_queries,
        "cached_queries": cached_queries,
        "recursetree_queries": baseline_queries,
        "page_bytes": len(body),
        "recursetree_bytes": len(baseline_body),
        "body": body,
    }


def measure_piece_writes(slug: str) -> dict:
    """What a write adds to render and store a comment's piece, timed on comments of a generated thread."""
    from django.db import transaction

    from comments.models import Comment
    from comments.pieces import piece_fields

    comments = list(Comment.objects.filter(article__slug=slug).select_related("author").order_by("pk")[:PIECE_WRITES])
    samples = []
    for comment in comments:
        # Inside a transaction, as in every verb: the write's own commit is not the piece's cost.
        with transaction.atomic():
            started = time.perf_counter()
            Comment.objects.filter(pk=comment.pk).update(**piece_fields(comment))
            samples.append(time.perf_counter() - started)
    return {"comments": len(samples), "piece_write_ms": median_ms(samples)}


def measure_replies(articles: list, repeats: int) -> list[dict]:
    """A reply posted through the reply view (form validation, rate limit, tree lock, insert) into
    each article in turn, so that every size sees the same state of the machine and the database."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from comments.models import Comment

    rng = random.Random("replies")
    targets = [
        list(article.comments.visible().filter(level__lt=Comment.MAX_DEPTH - 1).order_by("pk").values_list("pk"))
        for article in articles
    ]
    sizes = [article.comments.count() for article in articles]
    # One commenter per reply keeps every post far inside the per-minute limit.
    authors = iter(get_user_model().objects.filter(username__contains="_").order_by("pk"))
    samples: list[list[float]] = [[] for _ in articles]
    for number in range(WARM_UP + repeats):
        for index, parents in enumerate(targets):
            client = Client()
            client.force_login(next(authors))
            (parent,) = rng.choice(parents)
            data = {"body": f"A reply, number {number}, to see what posting costs here.", "submission_key": ""}
            started = time.perf_counter()
            response = client.post(reverse("comments:reply", kwargs={"pk": parent}), data)
            elapsed = time.perf_counter() - started
            if response.status_code != 302:
                raise RuntimeError(f"a reply to comment {parent} answered {response.status_code}")
            if number >= WARM_UP:
                samples[index].append(elapsed)
    return [
        {"comments": size, "requests": repeats, "reply_ms": median_ms(times)}
        for size, times in zip(sizes, samples, strict=True)
    ]


def measure_memory(slug: str, env: dict) -> dict:
    result = subprocess.run(  # noqa: S603  a fixed command line
        [sys.executable, "-m", "bench.memory", slug], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"the memory probe failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the run


def run(args: argparse.Namespace, workdir: Path, database_url: str, redis_url: str | None) -> dict:
    prefix = f"bench-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DJANGO_SECURE": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCH_CACHE_PREFIX": prefix,
        "BENCH_STATIC_ROOT": str(workdir / "static"),
        "BENCH_FLOOR_FILE": str(workdir / "floor.html"),
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import create_discussion

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    articles = {}
    for size in sorted({*SIZES, *REPLY_SIZES}):
        started = time.perf_counter()
        articles[size] = create_discussion(f"bench-{size}", size)
        print(f"generated {size:>6,} comments, trees verified, in {time.perf_counter() - started:.1f} s", flush=True)
    # Bulk-inserted rows have no pieces yet: rendered here as a deployment does after an upgrade.
    started = time.perf_counter()
    call_command("render_pieces")
    print(f"rendered every comment's piece in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum does after a bulk load, and as bench/search.py does: statistics for the planner
        # (without them PostgreSQL joins a reader's votes to every comment of the article, for one).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # As a serving process does once the site is loaded (forum/wsgi.py); the generated threads are long gone.
    from forum.process import settle

    settle()
    results: dict = {"machine": machine(), "pages": [], "cache": "redis" if redis_url else "local memory"}
    for size in SIZES:
        repeats = args.requests if size < 10_000 else max(10, args.requests // 2)
        row = measure_page(f"bench-{size}", size, repeats)
        body = row.pop("body")
        if size == HTTP_SIZE:
            (workdir / "floor.html").write_bytes(body)
        results["pages"].append(row)
        print(f"measured the {size:,}-comment page", flush=True)
    results["memory"] = {"comments": SIZES[-1], **measure_memory(f"bench-{SIZES[-1]}", env)}
    small, large = measure_replies([articles[size] for size in REPLY_SIZES], args.requests)
    results["replies"] = {"small": small, "large": large, "pieces": measure_piece_writes(f"bench-{HTTP_SIZE}")}
    if args.http_seconds:
        from django.conf import settings as django_settings

        results["http"] = measure_http(env, workdir, f"bench-{HTTP_SIZE}", args.http_seconds)
        results["http"]["workers"] = int(env.get("GUNICORN_WORKERS", (os.cpu_count() or 1) * 2 + 1))
        results["http"]["shared_cache"] = bool(django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache"))
    results["targets"] = targets(results)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per measurement (at least 10)")
    parser.add_argument("--http-seconds", type=int, default=6, help="seconds of load per HTTP run; 0 skips HTTP")
    args = parser.parse_args()
    args.requests = max(10, args.requests)
    RESULTS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    database_url, admin_url = scratch_database(os.environ.get("DATABASE_URL"), workdir)
    try:
        with private_redis(workdir) as redis_url:
            results = run(args, workdir, database_url, redis_url)
        from django.db import connections

        connections.close_all()
    finally:
        drop_scratch_database(database_url, admin_url)
        shutil.rmtree(workdir, ignore_errors=True)
    vendor = results["machine"]["database"]
    (RESULTS / f"{vendor}.json").write_text(json.dumps(results, indent=2) + "\n")
    draw_chart(results, RESULTS / f"{vendor}.png")
    (RESULTS / f"{vendor}.md").write_text(markdown(results))
    print_table(results)
    print(f"\nwrote bench/results/{vendor}.json, .md and .png")


if __name__ == "__main__":
    main()
