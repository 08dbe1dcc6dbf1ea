"""Reads from a PostgreSQL streaming replica, writes to the primary, and each reader sees their own writes.

With DATABASE_REPLICA_URL set, ReplicaMiddleware decides per request where its reads go and
PrimaryReplicaRouter follows that decision. The replica serves a request only when all hold:

- the request is a GET or HEAD (a POST reads what it is about to change, under its locks);
- the replica answers, is streaming from the primary and is at most REPLICA_MAX_LAG_SECONDS behind;
- the reader's own last write is replayed there: a request that wrote to the primary leaves the
  primary's WAL position in a cookie, and until the replica's replay position passes it that
  reader's reads stay on the primary (GitLab's database load balancing does the same).

Anything inside a transaction reads the primary too. Outside a request (management commands,
tasks, the shell) everything goes to the primary. A replica that fails in the middle of a
request has that request answered again from the primary, and is left alone for
REPLICA_RETRY_SECONDS by this process.
"""

import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("forum.replica")

PRIMARY = "default"
REPLICA = "replica"
# Holds the primary's WAL position (as a whole number) after this browser's last write.
READ_AFTER_COOKIE = "read_after"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Statements that change nothing; anything else sent to the primary counts as a write.
READ_ONLY_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET", "SHOW")

_reads_go_to: ContextVar[str] = ContextVar("forum_reads_go_to", default=PRIMARY)
_replica_down_until = 0.0  # per process: monotonic time before which the replica is not asked

REPLICA_STATE_SQL = """
SELECT pg_last_wal_replay_lsn()::text,
       CASE WHEN (SELECT status FROM pg_stat_wal_receiver) IS DISTINCT FROM 'streaming' THEN NULL
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
       END
"""


@dataclass(frozen=True)
class ReplicaState:
    replay_lsn: int  # the WAL position the replica has replayed up to
    lag_seconds: float  # how old the newest replayed commit is while more waits; 0 when caught up


def parse_lsn(text: str) -> int:
    """'16/B374D848' as one whole number, so that positions compare with <."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def read_after(request: HttpRequest) -> int | None:
    """The WAL position of this browser's last write, if the cookie holds a sensible one."""
    raw = request.COOKIES.get(READ_AFTER_COOKIE, "")
    if re.fullmatch(r"\d{1,20}", raw):
        return int(raw)
    return None  # absent or forged into nonsense: no write to wait for


def choose(method: str, written_at: int | None, state: ReplicaState | None, max_lag_seconds: float) -> str:
    """Where a request's reads go: the replica only if it is fit and holds this reader's writes."""
    if method not in SAFE_METHODS or state is None:
        return PRIMARY
    if state.lag_seconds > max_lag_seconds:
        return PRIMARY
    if written_at is not None and state.replay_lsn < written_at:
        return PRIMARY
    return REPLICA


def replica_state() -> ReplicaState | None:
    """The replica's replay position and lag, or None if it is down, not streaming or not a replica."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return None
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(REPLICA_STATE_SQL)
            lsn, lag = cursor.fetchone()
    except DatabaseError:
        replica_failed()
        return None
    if lsn is None:
        return None  # not in recovery: DATABASE_REPLICA_URL names a primary
    return ReplicaState(parse_lsn(lsn), float("inf") if lag is None else float(lag))


def replica_failed() -> None:
    global _replica_down_until
    logger.warning("replica unreachable: reading from the primary", extra={"event": "replica_down"})
    _replica_down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


@contextlib.contextmanager
def reads_from(alias: str) -> Iterator[None]:
    token = _reads_go_to.set(alias)
    try:
        yield
    finally:
        _reads_go_to.reset(token)


def from_primary(function: Callable) -> Callable:
    """`function` with its reads sent to the primary: for anything stored for other readers to share."""

    def wrapped(*args, **kwargs):
        with reads_from(PRIMARY):
            return function(*args, **kwargs)

    return wrapped


class PrimaryReplicaRouter:
    """Writes, transactions and migrations to the primary; reads where ReplicaMiddleware said."""

    def db_for_read(self, model, **hints) -> str:
        if _reads_go_to.get() == REPLICA and not connections[PRIMARY].in_atomic_block:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY


def _is_write(sql: str) -> bool:
    return not sql.lstrip().upper().startswith(READ_ONLY_STATEMENTS)


class ReplicaMiddleware:
    """Chooses each request's reads (see the module's docstring) and remembers the reader's writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        written_at = read_after(request)
        state = replica_state() if request.method in SAFE_METHODS else None
        if choose(request.method, written_at, state, settings.REPLICA_MAX_LAG_SECONDS) == REPLICA:
            failures: list[BaseException] = []
            with connections[REPLICA].execute_wrapper(_noting_failures(failures)), reads_from(REPLICA):
                response = self.get_response(request)
            if not failures:
                if written_at is not None:
                    response.delete_cookie(READ_AFTER_COOKIE)  # replayed: this reader is like any other now
                return response
            # The replica failed under this GET or HEAD: safe to answer it again, from the primary.
            replica_failed()
        return self._from_primary(request)

    def _from_primary(self, request: HttpRequest) -> HttpResponse:
        wrote: list[str] = []

        def noting_writes(execute, sql, params, many, context):
            if not wrote and _is_write(sql):
                wrote.append(sql)
            return execute(sql, params, many, context)

        with connections[PRIMARY].execute_wrapper(noting_writes):
            response = self.get_response(request)
        if wrote:
            self._remember_write(response)
        return response

    def _remember_write(self, response: HttpResponse) -> None:
        position = primary_position()
        if position is None:
            return  # the primary went away after the write: the next request will say so
        response.set_cookie(
            READ_AFTER_COOKIE,
            str(position),
            # A replica still behind this write after this long is over the lag bound anyway.
            max_age=settings.REPLICA_MAX_LAG_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def primary_position() -> int | None:
    """The primary's current WAL position: every write committed so far lies before it."""
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return parse_lsn(cursor.fetchone()[0])
    except DatabaseError:
        return None


def _noting_failures(failures: list[BaseException]) -> Callable:
    def wrapper(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except DatabaseError as error:
            failures.append(error)
            raise

    return wrapper
