"""`make bench`: the discussion page at 100, 1,000 and 10,000 comments, against its baseline and its floor.

In one run, on a database made for it (a temporary SQLite file, or a scratch
PostgreSQL database next to the one DATABASE_URL names, dropped at the end):

- in-process (Django's test client, the full middleware stack): the article page
  uncached and cached, the same thread through django-mptt's {% recursetree %}
  with authors joined, and the floor (a view returning the page's bytes); the
  median of at least 10 requests after a warm-up, the SQL queries, the page size;
- a reply, posted through the reply view (validation, rate limit, the tree's lock), into
  a 10-comment and a 10,000-comment article, in turn;
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
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SIZES = (100, 1_000, 10_000)
REPLY_SIZES = (10, 10_000)
HTTP_SIZE = 1_000
WARM_UP = 2


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")


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


def measure_page(slug: str, size: int, repeats: int) -> dict:
    from django.test import Client, override_settings

    from bench.views import set_floor_body

    client = Client()
    page = f"/a/{slug}/"
    with override_settings(CACHE_DISCUSSIONS=False):
        uncached, body = time_get(client, page, repeats)
        queries = count_queries(client, page)
    with override_settings(CACHE_DISCUSSIONS=True):
        cached, cached_body = time_get(client, page, repeats)
        cached_queries = count_queries(client, page)
    # Not byte for byte: each response carries its own CSP nonce and relative times move on.
    if cached_body.count(b'<li class="comment') != body.count(b'<li class="comment'):
        raise RuntimeError(f"the cached page of {slug} shows other comments than the uncached one")
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
        "cached_ms": median_ms(cached),
        "recursetree_ms": median_ms(baseline),
        "floor_ms": median_ms(floor),
        "queries": queries,
        "cached_queries": cached_queries,
        "recursetree_queries": baseline_queries,
        "page_bytes": len(body),
        "recursetree_bytes": len(baseline_body),
        "body": body,
    }


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


# ---------------------------------------------------------------- over HTTP


@contextmanager
def gunicorn(env: dict, workdir: Path, name: str):
    port = free_port()
    log = (workdir / f"gunicorn-{name}.log").open("w")
    command = [str(Path(sys.executable).with_name("gunicorn")), "bench.wsgi", "--config", "gunicorn.conf.py"]
    process = subprocess.Popen(  # noqa: S603  a fixed command line
        [*command, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=40)
        log.close()


def warm(url: str, requests: int) -> None:
    import urllib.request

    for _ in range(requests):
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a URL this run made)
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            response.read()


def wrk_duration(text: str) -> float:
    for unit, scale in (("us", 1e-3), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * scale
    raise ValueError(text)


def load_with_wrk(url: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout  # noqa: S603
    lines = [line.split() for line in output.splitlines()]
    figures = {"tool": "wrk", "connections": connections, "seconds": seconds}
    for parts in lines:
        if parts[:1] == ["Requests/sec:"]:
            figures["requests_per_second"] = float(parts[1])
        elif len(parts) == 2 and parts[0] in {"50%", "90%", "99%"}:
            figures[f"p{parts[0][:-1]}_ms"] = round(wrk_duration(parts[1]), 2)
        elif "Non-2xx" in " ".join(parts):
            raise RuntimeError(f"{url}: {' '.join(parts)}")
    return figures


def load_with_python(url: str, seconds: int, connections: int) -> dict:
    """A small bounded client: keep-alive connections in threads, stopped by time and by count."""
    import http.client
    import threading

    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for _ in range(100_000):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            with lock:
                latencies.append(time.perf_counter() - started)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000, 2)

    return {
        "tool": "python",
        "connections": connections,
        "seconds": seconds,
        "requests_per_second": round(len(latencies) / elapsed, 2),
        "p50_ms": percentile(0.50),
        "p90_ms": percentile(0.90),
        "p99_ms": percentile(0.99),
    }


HTTP_ROUNDS = 3  # the cached page and the floor take turns, so a burst of other work hits both


def measure_http(env: dict, workdir: Path, slug: str, seconds: int) -> dict:
    """Each load `seconds` long; the cached page and the floor in alternating rounds, the median round kept."""
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    connections = 2 * (os.cpu_count() or 1) + 2  # a few more than gunicorn's workers keep them all busy
    page = f"/a/{slug}/"
    results = {}
    with gunicorn({**env, "FORUM_CACHE_DISCUSSIONS": "0"}, workdir, "uncached") as server:
        warm(f"{server}{page}", 10)
        results["uncached"] = load(f"{server}{page}", seconds, connections)
    with gunicorn({**env, "FORUM_CACHE_DISCUSSIONS": "1"}, workdir, "cached") as server:
        warm(f"{server}{page}", 10)
        warm(f"{server}/bench/floor/", 10)
        rounds: dict[str, list[dict]] = {"cached": [], "floor": []}
        for _ in range(HTTP_ROUNDS):
            rounds["cached"].append(load(f"{server}{page}", seconds, connections))
            rounds["floor"].append(load(f"{server}/bench/floor/", seconds, connections))
    for name, runs in rounds.items():
        runs.sort(key=lambda run: run["requests_per_second"])
        results[name] = {
            **runs[len(runs) // 2],
            "rounds_requests_per_second": [run["requests_per_second"] for run in runs],
        }
    return results


# ---------------------------------------------------------------- report


def print_table(results: dict) -> None:
    info = results["machine"]
    print(
        f"\n{info['database']} {info['database_version']} · Python {info['python']} · "
        f"{info['cpus']} CPUs · {info['memory_gb']} GB"
    )
    header = f"{'comments':>9} {'page ms':>9} {'cached ms':>10} {'recursetree ms':>15} {'floor ms':>9}"
    header += f" {'queries':>8} {'cached q':>9} {'rt queries':>11} {'page KB':>8}"
    print(header)
    for row in results["pages"]:
        print(
            f"{row['comments']:>9,} {row['uncached_ms']:>9.1f} {row['cached_ms']:>10.1f} {row['recursetree_ms']:>15.1f}"
            f" {row['floor_ms']:>9.2f} {row['queries']:>8} {row['cached_queries']:>9} {row['recursetree_queries']:>11}"
            f" {row['page_bytes'] / 1024:>8.0f}"
        )
    replies = results["replies"]
    print(
        f"\nreply: {replies['small']['reply_ms']:.2f} ms into {replies['small']['comments']:,} comments, "
        f"{replies['large']['reply_ms']:.2f} ms into {replies['large']['comments']:,}"
    )
    memory = results["memory"]
    print(
        f"peak memory rendering {memory['comments']:,} comments: {memory['peak_mb']:.0f} MB"
        f" ({memory['ready_mb']:.0f} MB before the request)"
    )
    if results.get("http"):
        print(f"\nHTTP, {HTTP_SIZE:,} comments, gunicorn ({results['http']['workers']} workers):")
        print(f"{'':10} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
        for name in ("uncached", "cached", "floor"):
            row = results["http"][name]
            print(
                f"{name:10} {row['requests_per_second']:>8.1f} {row['p50_ms']:>8.2f} {row['p90_ms']:>8.2f}"
                f" {row['p99_ms']:>8.2f}"
            )
    print("\ntargets:")
    for target in results["targets"]:
        print(f"  [{'met' if target['met'] else 'MISSED'}] {target['name']}: {target['measured']}")


def markdown(results: dict) -> str:
    """The same figures as the printed table, as the Markdown the README quotes."""
    info = results["machine"]
    lines = [
        f"{info['database']} {info['database_version']}, Python {info['python']}, {info['cpus']} CPUs "
        f"({info['cpu']}), {info['memory_gb']} GB; medians of {results['pages'][0]['requests']} requests "
        "(10 at 10,000 comments) after a warm-up.",
        "",
        "| comments (shown) | page, uncached | page, cached | `{% recursetree %}` | floor | queries | "
        "cached queries | recursetree queries | page size |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results["pages"]:
        lines.append(
            f"| {row['comments']:,} ({row['comments_shown']:,}) | {row['uncached_ms']:.1f} ms"
            f" | {row['cached_ms']:.1f} ms | {row['recursetree_ms']:.1f} ms | {row['floor_ms']:.2f} ms"
            f" | {row['queries']} | {row['cached_queries']} | {row['recursetree_queries']}"
            f" | {row['page_bytes'] / 1024:,.0f} KB |"
        )
    replies, memory = results["replies"], results["memory"]
    lines += [
        "",
        f"A reply: {replies['small']['reply_ms']:.1f} ms into {replies['small']['comments']:,} comments, "
        f"{replies['large']['reply_ms']:.1f} ms into {replies['large']['comments']:,}. Peak memory of a process "
        f"rendering the {memory['comments']:,}-comment page: {memory['peak_mb']:.0f} MB "
        f"({memory['ready_mb']:.0f} MB before the request).",
    ]
    if results.get("http"):
        http = results["http"]
        lines += [
            "",
            f"Over HTTP, {HTTP_SIZE:,} comments, gunicorn with {http['workers']} workers, {http['uncached']['tool']} "
            f"with {http['uncached']['connections']} connections for {http['uncached']['seconds']} s each; the cached"
            f" page and the floor in {HTTP_ROUNDS} alternating rounds, the median round shown:",
            "",
            "| | requests/s | p50 | p90 | p99 |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for name in ("uncached", "cached", "floor"):
            row = http[name]
            lines.append(
                f"| {name} | {row['requests_per_second']:.1f} | {row['p50_ms']:.1f} ms | {row['p90_ms']:.1f} ms"
                f" | {row['p99_ms']:.1f} ms |"
            )
    lines += ["", "| target | measured | |", "| --- | --- | --- |"]
    lines += [f"| {t['name']} | {t['measured']} | {'met' if t['met'] else 'missed'} |" for t in results["targets"]]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[dict]:
    pages = {row["comments"]: row for row in results["pages"]}
    query_counts = {row["queries"] for row in results["pages"]}
    speedup = pages[1_000]["recursetree_ms"] / pages[1_000]["uncached_ms"]
    reply_ratio = results["replies"]["large"]["reply_ms"] / results["replies"]["small"]["reply_ms"]
    found = [
        {
            "name": "same queries at every size, at most 6",
            "measured": ", ".join(f"{n:,}: {pages[n]['queries']}" for n in sorted(pages)),
            "met": len(query_counts) == 1 and max(query_counts) <= 6,
        },
        {
            "name": "uncached 1,000-comment page at least 3x faster than recursetree",
            "measured": f"{speedup:.1f}x",
            "met": speedup >= 3,
        },
        {
            "name": "reply into 10,000 comments at most 1.3x a reply into 10",
            "measured": f"{reply_ratio:.2f}x",
            "met": reply_ratio <= 1.3,
        },
        {
            "name": "peak memory rendering 10,000 comments under 200 MB",
            "measured": f"{results['memory']['peak_mb']:.0f} MB",
            "met": results["memory"]["peak_mb"] < 200,
        },
    ]
    if results.get("http"):
        share = results["http"]["cached"]["requests_per_second"] / results["http"]["floor"]["requests_per_second"]
        found.append(
            {"name": "cached page at least 60% of the floor's req/s", "measured": f"{share:.0%}", "met": share >= 0.6}
        )
    return found


def draw_chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["comments"] for row in results["pages"]]
    figure, (times, queries) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=100)
    for key, label, style in (
        ("recursetree_ms", "{% recursetree %}, author joined", "s--"),
        ("uncached_ms", "article page, uncached", "o-"),
        ("cached_ms", "article page, cached", "^-"),
        ("floor_ms", "floor: same bytes, no work", "x:"),
    ):
        times.plot(sizes, [row[key] for row in results["pages"]], style, label=label)
    times.set(xscale="log", yscale="log", xlabel="comments on the page", ylabel="server time, median (ms)")
    times.set_title("Render time against thread size")
    times.grid(True, which="both", alpha=0.3)
    times.legend(fontsize=8)
    queries.plot(sizes, [row["recursetree_queries"] for row in results["pages"]], "s--", label="{% recursetree %}")
    queries.plot(sizes, [row["queries"] for row in results["pages"]], "o-", label="article page, uncached")
    queries.plot(sizes, [row["cached_queries"] for row in results["pages"]], "^-", label="article page, cached")
    queries.set(xscale="log", xlabel="comments on the page", ylabel="SQL queries per request")
    queries.set_ylim(bottom=0, top=max(8, *(row["recursetree_queries"] for row in results["pages"])) + 2)
    queries.set_title("Queries against thread size")
    queries.grid(True, alpha=0.3)
    queries.legend(fontsize=8)
    info = results["machine"]
    figure.suptitle(
        f"{info['database']} {info['database_version']}, Python {info['python']}, {info['cpus']} CPUs", fontsize=10
    )
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


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
    results["replies"] = {"small": small, "large": large}
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
