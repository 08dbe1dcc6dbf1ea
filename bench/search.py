"""The search page on 100,000 comments: the median answer of a mix of queries, and the plan PostgreSQL uses.

`make bench` runs it after the page benchmark (`python -m bench.search` alone), on a database
made for it as bench/run.py makes its own. Ten generated discussions of 10,000 comments each
(bench/generate.py: about 1% hidden and 1% deleted); each query is asked through Django's test
client, the whole middleware stack, after a warm-up: the median, fastest and 90th percentile time, and
the SQL statements one search sends (transaction control included). Writes
bench/results/search-<database>.json and .md, with the EXPLAIN ANALYZE of every query of a few searches.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.run import RESULTS, ROOT, drop_scratch_database, machine, scratch_database

DISCUSSIONS = 10
COMMENTS_EACH = 10_000
TARGET_MS = 50
COUNT = re.compile(r'class="search-count"[^>]*>(\d+) result')
QUERIES = [
    ("one common word", {"q": "government"}),
    ("one rarer word", {"q": "wonder"}),
    ("two words", {"q": "treaty border"}),
    ("three words", {"q": "river coast mountain"}),
    ("a phrase", {"q": '"peace treaty"'}),
    ("either word", {"q": "sanctions or embargo"}),
    ("a word left out", {"q": "election -vote"}),
    ("within one article", {"q": "parliament", "article": "bench-search-3"}),
    ("by one author", {"q": "evidence", "author": "alex_000"}),
    ("page 5", {"q": "court law", "page": "5"}),
    ("no match", {"q": "xylophone"}),
]


# The searches whose SQL is shown with EXPLAIN ANALYZE: a common word (found walking back the primary
# key), two rarer terms and a phrase (through the GIN index), and one author's comments.
EXPLAINED = ["one common word", "two words", "a phrase", "by one author"]


def explain(client, label: str, params: dict) -> str:
    """EXPLAIN ANALYZE of every query one search runs but the transaction's own, as the search ran them."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return ""
    from forum.search.postgresql import PLANNED_FOR_MEMORY

    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", params)
    plans = [f"-- {label}: {params}"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PLANNED_FOR_MEMORY)
        for query in queries.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append(f"{query['sql'][:160]}...\n{plan}")
    return "\n\n".join(plans)


def measure(repeats: int, comments_each: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.generate import create_discussion

    for number in range(DISCUSSIONS):
        create_discussion(f"bench-search-{number}", comments_each, seed=number)
    with connection.cursor() as cursor:
        # As autovacuum does after a bulk load: statistics for the planner, and the visibility map that lets
        # an index-only scan skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"generated {DISCUSSIONS * comments_each:,} comments", flush=True)
    client = Client()
    rows = []
    for label, params in QUERIES:
        for _ in range(2):
            client.get("/search/", params)
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get("/search/", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", params)
        found = COUNT.search(response.content.decode())
        rows.append(
            {
                "query": label,
                "params": params,
                "ms": round(statistics.median(samples), 1),
                "min_ms": round(min(samples), 1),
                "p90_ms": round(statistics.quantiles(samples, n=10)[-1], 1),
                "sql": len(queries.captured_queries),
                "results": int(found.group(1)) if found else 0,
            }
        )
    medians = [row["ms"] for row in rows]
    return {
        "comments": DISCUSSIONS * comments_each,
        "queries": rows,
        "median_ms": round(statistics.median(medians), 1),
        "target_ms": TARGET_MS,
        "explain": "\n\n".join(explain(client, label, params) for label, params in QUERIES if label in EXPLAINED),
    }


def markdown(results: dict) -> str:
    lines = [
        f"Search on {results['comments']:,} comments ({results['machine']['database']}): "
        f"median {results['median_ms']} ms across the queries (target under {results['target_ms']} ms)",
        "",
        "| query | ms (median) | fastest | 90th percentile | SQL statements | results |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {row['query']} | {row['ms']} | {row['min_ms']} | {row['p90_ms']} | {row['sql']} | {row['results']} |"
        for row in results["queries"]
    ]
    if results["explain"]:
        lines += ["", "```", results["explain"], "```"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per query (at least 5)")
    parser.add_argument("--comments-each", type=int, default=COMMENTS_EACH, help="comments in each of the ten articles")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="forum-bench-search-"))
    database_url, admin_url = scratch_database(os.environ.get("DATABASE_URL"), workdir)
    try:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "DATABASE_URL": database_url,
                "DJANGO_SECURE": "0",
                "DJANGO_LOG_LEVEL": "WARNING",
                "FORUM_SEARCHES_PER_MINUTE": "1000000",
                "BENCH_STATIC_ROOT": str(workdir / "static"),
                "PYTHONPATH": str(ROOT),
            }
        )
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        results = {"machine": machine(), **measure(max(5, args.requests), args.comments_each)}
        connections.close_all()
    finally:
        drop_scratch_database(database_url, admin_url)
        shutil.rmtree(workdir, ignore_errors=True)
    vendor = results["machine"]["database"]
    (RESULTS / f"search-{vendor}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"search-{vendor}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
