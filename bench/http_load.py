"""Over HTTP: gunicorn with the repository's gunicorn.conf.py, loaded by wrk (or a small bounded
Python client where wrk is missing), for bench.run."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")


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
