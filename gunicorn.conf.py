"""gunicorn settings for the forum; every value can be overridden on the command line.

Operating it:
- graceful restart (new code or settings): `kill -HUP <master pid>` starts fresh workers and lets
  the old ones finish their requests (up to `graceful_timeout`); no request is dropped;
- graceful stop: SIGTERM, same grace period; SIGINT/SIGQUIT stop at once;
- a restart of PostgreSQL needs nothing from gunicorn: Django checks each persistent connection
  before reusing it (CONN_HEALTH_CHECKS), pages answer 503 while the database is down, and the
  next request after it is back reconnects (tests/faults/pg_restart.py demonstrates it).
"""

import os
from pathlib import Path


def available_cores() -> int:
    # The cores this process may run on (a container's CPU set), not every core of the host.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# Each worker holds one persistent PostgreSQL connection: the workers of all hosts together must stay below the
# server's max_connections (100 by default), hence the ceiling on the automatic value.
MAX_AUTOMATIC_WORKERS = 16

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request is short and database-bound. Two per core plus one is gunicorn's own advice.
workers = int(os.environ.get("GUNICORN_WORKERS", min(available_cores() * 2 + 1, MAX_AUTOMATIC_WORKERS)))
timeout = 30  # a request taking longer than this is stuck; the worker is killed and replaced
graceful_timeout = 30  # on restart (SIGHUP) or stop (SIGTERM), requests in flight get this long to finish
keepalive = 5  # seconds an idle keep-alive connection from the proxy is held open
# Recycle workers now and then, staggered, to bound any slow leak. Not too often: a worker serves a cached
# page a few hundred times a second, and each restart loads Django again on a core the others are using
# (at 2,000 the cached page's 99th percentile went from about 15 ms to over a second under load).
max_requests = 20_000
max_requests_jitter = 2_000
# Code is loaded in each worker, not the master, so SIGHUP really loads new code.
preload_app = False
# Workers signal liveness through a temp file (made with mkstemp); in memory, a busy disk
# cannot stall the heartbeat and get healthy workers killed.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
if Path(SHARED_MEMORY).is_dir():
    worker_tmp_dir = SHARED_MEMORY

# Limits on the request head, before Django sees it: longer lines or more headers get 400.
# The control socket (gunicornc) defaults to ~/.gunicorn/gunicorn.ctl, one path for every gunicorn the same
# user runs on the host: a second instance would take over the first one's socket. Off unless given a path of
# its own (GUNICORN_CONTROL_SOCKET=/run/forum/gunicorn.ctl, say); signals (HUP, TERM) manage the master anyway.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
# The usual combined format plus the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
# gunicorn's own lines (workers starting, timeouts, the access log) as one JSON object per line too,
# in the same shape as the forum's (forum/logs.py), so one collector parses every line of stdout.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "forum.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}

# Running behind a reverse proxy (nginx, a load balancer):
# - set FORWARDED_ALLOW_IPS to the proxy's address (or network), so that X-Forwarded-Proto is
#   trusted from it, and only from it: a client talking to gunicorn directly cannot claim HTTPS;
# - set DJANGO_BEHIND_PROXY=1, so Django trusts X-Forwarded-Proto for HTTPS redirects and secure
#   cookies, and counts failed logins (forum.accounts.addresses.client_ip) against the last address of
#   X-Forwarded-For, the one the proxy itself appends: the real client, which a client cannot forge;
# - bind gunicorn where only the proxy can reach it (127.0.0.1 or a private network).
# REMOTE_ADDR stays the proxy's address; the access log's first field is therefore the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
