# ruff: noqa: S608  every name in this SQL is a constant of this module; nothing comes from a request
"""The full-text indexes, in each database's own terms: the SQL that makes them and checks them.

PostgreSQL: a stored generated tsvector column on each searched table, with a GIN index. The
database recomputes it on every INSERT and UPDATE, including the queryset .update() the comment
verbs use, which sends no signal. SQLite: an FTS5 table over each searched table's text
(external content: the text is not stored twice), kept current by triggers on INSERT, UPDATE
and DELETE. Django rebuilds an SQLite table to alter it, which drops its triggers:
`repair_sqlite_index` (after every migrate) puts them back and rebuilds the index.

Who may see a row (a comment's state, an article's publication) is not in the index: searches
join the searched table and ask the models' own querysets.
"""

# The searched text of each table; `config` is PostgreSQL's stemming and stop-word list.
CONFIG = "english"
COMMENT_TABLE = "comments_comment"
ARTICLE_TABLE = "forum_article"
COMMENT_FTS = "search_comment_fts"
ARTICLE_FTS = "search_article_fts"
# Porter stemming over Unicode words without accents: the nearest FTS5 has to PostgreSQL's english.
SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"

POSTGRESQL_CREATE = [
    f"""ALTER TABLE {COMMENT_TABLE} ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, body)) STORED""",
    f"CREATE INDEX comment_search_vector ON {COMMENT_TABLE} USING gin (search_vector)",
    # Title words count most, then the subtitle, then the text.
    f"""ALTER TABLE {ARTICLE_TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{CONFIG}'::regconfig, title), 'A')
        || setweight(to_tsvector('{CONFIG}'::regconfig, deck), 'B')
        || setweight(to_tsvector('{CONFIG}'::regconfig, body), 'C')) STORED""",
    f"CREATE INDEX article_search_vector ON {ARTICLE_TABLE} USING gin (search_vector)",
]
POSTGRESQL_DROP = [
    f"ALTER TABLE {COMMENT_TABLE} DROP COLUMN search_vector",
    f"ALTER TABLE {ARTICLE_TABLE} DROP COLUMN search_vector",
]

# (FTS table, content table, its searched columns)
SQLITE_INDEXES = [
    (COMMENT_FTS, COMMENT_TABLE, ["body"]),
    (ARTICLE_FTS, ARTICLE_TABLE, ["title", "deck", "body"]),
]


def sqlite_triggers(fts: str, table: str, columns: list[str]) -> dict[str, str]:
    """The three triggers that keep `fts` following `table`, by name."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    remove = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return {
        f"{fts}_insert": f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"{fts}_delete": f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"{fts}_update": (
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END"
        ),
    }


def sqlite_create() -> list[str]:
    statements = []
    for fts, table, columns in SQLITE_INDEXES:
        statements.append(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='{SQLITE_TOKENIZER}')"
        )
        statements.extend(sqlite_triggers(fts, table, columns).values())
        statements.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return statements


def sqlite_drop() -> list[str]:
    statements = []
    for fts, table, columns in SQLITE_INDEXES:
        statements.extend(f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_triggers(fts, table, columns))
        statements.append(f"DROP TABLE IF EXISTS {fts}")
    return statements


def create_index(connection) -> None:
    with connection.cursor() as cursor:
        for statement in POSTGRESQL_CREATE if connection.vendor == "postgresql" else sqlite_create():
            cursor.execute(statement)


def drop_index(connection) -> None:
    with connection.cursor() as cursor:
        for statement in POSTGRESQL_DROP if connection.vendor == "postgresql" else sqlite_drop():
            cursor.execute(statement)


def repair_sqlite_index(connection) -> bool:
    """Put back triggers a table rebuild dropped, and rebuild the index from the table; True if it had to."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        if COMMENT_FTS not in present:
            return False  # not migrated yet
        repaired = False
        for fts, table, columns in SQLITE_INDEXES:
            triggers = sqlite_triggers(fts, table, columns)
            if set(triggers) <= present:
                continue
            for statement in triggers.values():
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            repaired = True
    return repaired
