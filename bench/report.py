"""The report of one `make bench` run: the printed table, the Markdown the README quotes, the
targets and the chart."""

from pathlib import Path

from bench.http_load import HTTP_ROUNDS

HTTP_SIZE = 1_000


def print_table(results: dict) -> None:
    info = results["machine"]
    print(
        f"\n{info['database']} {info['database_version']} · Python {info['python']} · "
        f"{info['cpus']} CPUs · {info['memory_gb']} GB"
    )
    header = f"{'comments':>9} {'shown':>6} {'page ms':>9} {'signed-in':>10} {'cached ms':>10} {'recursetree':>12}"
    header += f" {'rows ms':>8} {'floor ms':>9} {'queries':>8} {'cached q':>9} {'rt queries':>11} {'page KB':>8}"
    print(header)
    for row in results["pages"]:
        print(
            f"{row['comments']:>9,} {row['comments_shown']:>6,} {row['uncached_ms']:>9.1f} {row['signed_in_ms']:>10.1f}"
            f" {row['cached_ms']:>10.1f} {row['recursetree_ms']:>12.1f} {row['rows_ms']:>8.1f} {row['floor_ms']:>9.2f}"
            f" {row['queries']:>8} {row['cached_queries']:>9} {row['recursetree_queries']:>11}"
            f" {row['page_bytes'] / 1024:>8.0f}"
        )
    replies = results["replies"]
    print(
        f"\nreply: {replies['small']['reply_ms']:.2f} ms into {replies['small']['comments']:,} comments, "
        f"{replies['large']['reply_ms']:.2f} ms into {replies['large']['comments']:,}; "
        f"rendering and storing a piece {replies['pieces']['piece_write_ms']:.2f} ms"
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
        "| comments (shown) | page, uncached | signed in | best first | page, cached | `{% recursetree %}` | rows "
        "| floor | queries (signed in) | cached queries | recursetree queries | page size |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results["pages"]:
        lines.append(
            f"| {row['comments']:,} ({row['comments_shown']:,}) | {row['uncached_ms']:.1f} ms"
            f" | {row['signed_in_ms']:.1f} ms | {row.get('best_ms', 0):.1f} ms | {row['cached_ms']:.1f} ms"
            f" | {row['recursetree_ms']:.1f} ms"
            f" | {row['rows_ms']:.1f} ms | {row['floor_ms']:.2f} ms | {row['queries']} ({row['signed_in_queries']})"
            f" | {row['cached_queries']} | {row['recursetree_queries']} | {row['page_bytes'] / 1024:,.0f} KB |"
        )
    spreads = ", ".join(
        f"{name.replace('_', '-')} {low:.1f} to {high:.1f} ms"
        for name, (low, high) in next(row for row in results["pages"] if row["comments"] == HTTP_SIZE)["spread"].items()
    )
    lines += ["", f"Fastest and slowest request at {HTTP_SIZE:,} comments: {spreads}."]
    replies, memory = results["replies"], results["memory"]
    lines += [
        "",
        f"A reply: {replies['small']['reply_ms']:.1f} ms into {replies['small']['comments']:,} comments, "
        f"{replies['large']['reply_ms']:.1f} ms into {replies['large']['comments']:,}; rendering and storing a "
        f"comment's piece adds {replies['pieces']['piece_write_ms']:.2f} ms to a write. Peak memory of a process "
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
    page = pages[HTTP_SIZE]
    anonymous_counts = {row["queries"] for row in results["pages"]}
    signed_in_counts = {row["signed_in_queries"] for row in results["pages"]}
    speedup = page["recursetree_ms"] / page["signed_in_ms"]
    above_rows = page["signed_in_ms"] / page["rows_ms"]
    reader_cost = page["signed_in_ms"] / page["uncached_ms"]
    reply_ratio = results["replies"]["large"]["reply_ms"] / results["replies"]["small"]["reply_ms"]
    piece_ms = results["replies"]["pieces"]["piece_write_ms"]
    best_sizes = [n for n in (1_000, 10_000) if n in pages and "best_ms" in pages[n]]
    found = [
        {
            "name": "same queries at every size, anonymous and signed in, at most 6",
            "measured": ", ".join(f"{n:,}: {pages[n]['queries']}/{pages[n]['signed_in_queries']}" for n in pages),
            "met": len(anonymous_counts) == len(signed_in_counts) == 1 and max(signed_in_counts) <= 6,
        },
        {
            "name": f"signed-in {HTTP_SIZE:,}-comment page at least 5x faster than recursetree",
            "measured": f"{speedup:.1f}x",
            "met": speedup >= 5,
        },
        {
            "name": "signed-in page within 4x of its rows (query and tuples)",
            "measured": f"{above_rows:.1f}x",
            "met": above_rows <= 4,
        },
        {
            "name": "signed-in page at most 1.3x the anonymous uncached page",
            "measured": f"{reader_cost:.2f}x",
            "met": reader_cost <= 1.3,
        },
        {
            "name": "best-first page within 1.2x of the oldest-first page, at 1,000 and 10,000 comments",
            "measured": ", ".join(f"{n:,}: {pages[n]['best_ms'] / pages[n]['uncached_ms']:.2f}x" for n in best_sizes),
            "met": all(pages[n]["best_ms"] <= 1.2 * pages[n]["uncached_ms"] for n in best_sizes),
        },
        {
            "name": "reply into 10,000 comments at most 1.3x a reply into 10",
            "measured": f"{reply_ratio:.2f}x",
            "met": reply_ratio <= 1.3,
        },
        {
            "name": "rendering and storing a piece at write time under 5 ms",
            "measured": f"{piece_ms:.2f} ms",
            "met": piece_ms < 5,
        },
        {
            "name": "peak memory rendering 10,000 comments under 150 MB",
            "measured": f"{results['memory']['peak_mb']:.0f} MB",
            "met": results["memory"]["peak_mb"] < 150,
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
        ("signed_in_ms", "article page, signed in", "D-"),
        ("rows_ms", "its rows: query and tuples", "v:"),
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
