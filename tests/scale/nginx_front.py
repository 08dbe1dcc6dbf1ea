"""nginx in front of the app hosts, with the repository's deploy/nginx/threads.conf, and what it must hold.

Used by tests/scale/two_hosts.py (and the load test): `start_nginx` renders the shipped
configuration with this machine's ports and paths and runs nginx on a free port, as a
process of its own, in a temporary directory; the `step_*` functions are the checks.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.scale.browser import Failure

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx" / "threads.conf"
EXAMPLE_HOSTS = ("10.0.0.11:8000", "10.0.0.12:8000")
# A normal request among slow clients may be this much slower (median of several) than without them:
# a few milliseconds of noise on a shared machine, far from the seconds a held worker would cost.
SLOW_CLIENT_DELAY_BUDGET_MS = 25
SLOW_CLIENTS = 50
SAMPLES = 15


@dataclass
class Nginx:
    process: subprocess.Popen
    port: int
    directory: Path
    name: str = "nginx"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests in flight
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)

    def error_log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


def render(upstreams: list[str], port: int, static_root: Path, rates: dict[str, str] | None = None) -> str:
    """threads.conf with these app hosts, this port and this static directory (and other rates, if given)."""
    text = CONFIG.read_text()
    servers = "\n".join(f"    server {address} max_fails=2 fail_timeout=10s;" for address in upstreams)
    example = "\n".join(f"    server {address} max_fails=2 fail_timeout=10s;" for address in EXAMPLE_HOSTS)
    for old, new in [
        (example, servers),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server_name forum.example.org;", "server_name 127.0.0.1;"),
        ("alias /srv/forum/staticfiles/;", f"alias {static_root}/;"),
        *((rates or {}).items()),
    ]:
        if old not in text:
            raise Failure(f"deploy/nginx/threads.conf no longer holds {old!r}: update the rendering")
        text = text.replace(old, new)
    return text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_nginx(upstreams: list[str], static_root: Path, directory: Path, rates: dict[str, str] | None = None) -> Nginx:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "site.conf").write_text(render(upstreams, port, static_root, rates))
    temp = "\n".join(
        f"    {name}_temp_path {directory / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (directory / "nginx.conf").write_text(
        f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{temp}
    include {directory / "site.conf"};
}}
"""
    )
    command = [binary, "-p", str(directory), "-c", str(directory / "nginx.conf")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    nginx = Nginx(process, port, directory)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"nginx exited: {process.stderr.read().decode(errors='replace')}{nginx.error_log()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return nginx
        except OSError:
            time.sleep(0.1)
    raise Failure("nginx did not listen within 10 s")


def timed_get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310  our own nginx on 127.0.0.1
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def median_ms(url: str) -> float:
    timings = []
    for _ in range(SAMPLES):
        status, elapsed = timed_get(url)
        if status != 200:
            raise Failure(f"{url} answered {status}")
        timings.append(elapsed)
    return statistics.median(timings)


def step_slow_clients(nginx: Nginx, path: str, workers_in_all: int) -> str:
    """Many clients sending their request a byte at a time hold nginx connections, not gunicorn workers."""
    url = nginx.base + path
    before = median_ms(url)
    holding = threading.Event()
    sockets: list[socket.socket] = []
    for number in range(SLOW_CLIENTS):
        sock = socket.create_connection(("127.0.0.1", nginx.port), timeout=5)
        if number % 2:  # half send a head that never ends, half a body that never arrives
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        else:
            head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
            sock.sendall(head.encode() + b"Content-Type: application/x-www-form-urlencoded\r\n\r\nbody=")
        sockets.append(sock)

    def trickle() -> None:
        while not holding.is_set():
            for sock in sockets:
                with contextlib.suppress(OSError):  # nginx cut it off: it has done its job
                    sock.sendall(b"a")
            holding.wait(1)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        time.sleep(1)
        during = median_ms(url)
    finally:
        holding.set()
        trickler.join()
        for sock in sockets:
            sock.close()
    delay = during - before
    summary = (
        f"{SLOW_CLIENTS} slow clients against {workers_in_all} gunicorn workers: a page took {before:.1f} ms "
        f"(median) before, {during:.1f} ms among them"
    )
    if delay > SLOW_CLIENT_DELAY_BUDGET_MS:
        raise Failure(f"{summary}: delayed by more than {SLOW_CLIENT_DELAY_BUDGET_MS} ms")
    return summary


def step_static_files(nginx: Nginx, page_html: str) -> str:
    """A hashed static file comes from nginx with a year's cache headers, without reaching a host."""
    found = re.search(r'href="(/static/[^"]+\.css)"', page_html)
    if not found:
        raise Failure("no stylesheet link on the page")
    with urllib.request.urlopen(nginx.base + found.group(1), timeout=10) as answer:  # noqa: S310
        headers = {key.lower(): value for key, value in answer.headers.items()}
    if "immutable" not in headers.get("cache-control", "") or "max-age=31536000" not in headers["cache-control"]:
        raise Failure(f"{found.group(1)}: Cache-Control {headers.get('cache-control')!r}")
    if "x-request-id" in headers:  # the forum tags every answer it makes: this one reached a host
        raise Failure(f"{found.group(1)} was served by an app host, not by nginx")
    return f"{found.group(1)} served by nginx itself, Cache-Control: {headers['cache-control']}"


def step_limits(nginx: Nginx) -> str:
    """A body over the size limit gets 413 and a burst from one address gets 429, before any host."""
    big = urllib.request.Request(nginx.base + "/accounts/login/", data=b"x" * 300_000)  # noqa: S310
    status = fetch_status(big)
    if status != 413:
        raise Failure(f"a 300 KB body answered {status}, not 413")
    statuses = [fetch_status(urllib.request.Request(nginx.base + "/healthz")) for _ in range(120)]  # noqa: S310
    if 429 not in statuses:
        raise Failure(f"120 requests at once from one address were never limited: {sorted(set(statuses))}")
    time.sleep(4)  # let the bucket drain for the steps that follow
    return f"300 KB body: 413; a burst of 120 requests: {statuses.count(429)} answered 429"


def fetch_status(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
