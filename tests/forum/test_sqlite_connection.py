"""An SQLite database opens as forum.settings.database configures it: write-ahead log, normal syncing, and a
page cache that a large discussion's rows fit in (SQLite's own 2 MB holds about a thousand comments' rows,
so one page's reads evicted each other)."""

from django.db.utils import ConnectionHandler

from forum.settings import database


def test_an_sqlite_connection_opens_with_the_write_ahead_log_and_a_16_mb_page_cache(tmp_path, django_db_blocker):
    # A database of its own, whichever the tests run on.
    connections = ConnectionHandler({"default": database(f"sqlite:///{tmp_path / 'probe.sqlite3'}")})
    try:
        with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
            pragmas = {}
            for name in ("journal_mode", "synchronous", "cache_size"):
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
    finally:
        connections.close_all()
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "cache_size": -16000}
