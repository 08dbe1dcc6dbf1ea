"""gunicorn settings for the forum; every value can be overridden on the command line."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request is short and database-bound. Two per core plus one is gunicorn's own advice.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = 30  # a request taking longer than this is stuck; the worker is replaced
graceful_timeout = 30  # on restart (SIGHUP) or stop, requests in flight get this long to finish
keepalive = 5
max_requests = 2000  # recycle workers now and then, staggered, to bound any slow leak
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Behind a reverse proxy, set FORWARDED_ALLOW_IPS to the proxy's address so that
# X-Forwarded-For / X-Forwarded-Proto are trusted from it (and only from it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
