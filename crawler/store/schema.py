"""The SQLite archive's schema, as numbered migrations.

``PRAGMA user_version`` holds the number of migrations applied. A migration
is appended, never edited: an archive written by an older version is brought
up to date by running the ones it lacks, in order, in one transaction each.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

_WAL_RETRY_SECONDS = 0.02

MIGRATIONS: tuple[str, ...] = (
    # 1: articles keyed by (source, article_id), authors, revisions, runs,
    # and a trigram full-text index over title, subtitles and body, which
    # matches Korean substrings a word tokenizer would miss (삼성전자 inside
    # 삼성전자의). detail=none keeps no token positions: the index is less
    # than half the size and a quarter faster to write, and LIKE queries
    # still use it (SQLite re-checks each candidate row against the text).
    """
    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        article_id    TEXT NOT NULL,
        url           TEXT NOT NULL,
        title         TEXT NOT NULL,
        subtitles     TEXT NOT NULL DEFAULT '[]',
        body          TEXT NOT NULL,
        authors       TEXT NOT NULL DEFAULT '[]',
        dateline      TEXT,
        section       TEXT,
        keywords      TEXT NOT NULL DEFAULT '[]',
        images        TEXT NOT NULL DEFAULT '[]',
        published_at  TEXT,
        modified_at   TEXT,
        origin        TEXT,
        fetched_at    TEXT,
        language      TEXT,
        content_hash  TEXT NOT NULL,
        revision      INTEGER NOT NULL DEFAULT 1,
        previous_hash TEXT,
        first_seen_at TEXT NOT NULL,
        last_seen_at  TEXT NOT NULL,
        UNIQUE (source, article_id)
    );
    CREATE INDEX articles_published_at ON articles (published_at);
    CREATE INDEX articles_source_published_at ON articles (source, published_at);
    CREATE INDEX articles_url ON articles (url);

    CREATE TABLE article_authors (
        source     TEXT NOT NULL,
        article_id TEXT NOT NULL,
        position   INTEGER NOT NULL,
        name       TEXT NOT NULL,
        email      TEXT,
        PRIMARY KEY (source, article_id, position),
        FOREIGN KEY (source, article_id) REFERENCES articles (source, article_id)
            ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX article_authors_name ON article_authors (name);

    CREATE TABLE article_revisions (
        article      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        revision     INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        modified_at  TEXT,
        fetched_at   TEXT,
        replaced_at  TEXT NOT NULL,
        PRIMARY KEY (article, revision)
    ) WITHOUT ROWID;

    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        spider        TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        finish_reason TEXT,
        items         INTEGER NOT NULL DEFAULT 0,
        inserted      INTEGER NOT NULL DEFAULT 0,
        updated       INTEGER NOT NULL DEFAULT 0,
        unchanged     INTEGER NOT NULL DEFAULT 0,
        errors        INTEGER NOT NULL DEFAULT 0,
        stats         TEXT
    );

    CREATE VIEW articles_text AS
        SELECT id, title || char(10) || subtitles || char(10) || body AS text FROM articles;
    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        text, content = 'articles_text', content_rowid = 'id',
        tokenize = 'trigram', detail = 'none'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, text)
        VALUES (new.id, new.title || char(10) || new.subtitles || char(10) || new.body);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, text)
        VALUES ('delete', old.id, old.title || char(10) || old.subtitles || char(10) || old.body);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, subtitles, body ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, text)
        VALUES ('delete', old.id, old.title || char(10) || old.subtitles || char(10) || old.body);
        INSERT INTO articles_fts (rowid, text)
        VALUES (new.id, new.title || char(10) || new.subtitles || char(10) || new.body);
    END;
    """,
    # 2: duplicate_of on articles, and the deduplication state: the hash of
    # every distinct body, and MinHash signatures with their LSH buckets.
    """
    ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
    CREATE INDEX articles_duplicate_of ON articles (duplicate_of)
        WHERE duplicate_of IS NOT NULL;
    CREATE TABLE dedupe_bodies (
        body_hash TEXT PRIMARY KEY,
        url       TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE dedupe_signatures (
        url          TEXT PRIMARY KEY,
        signature    BLOB NOT NULL,
        duplicate_of TEXT
    ) WITHOUT ROWID;
    CREATE TABLE dedupe_bands (
        band   INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        url    TEXT NOT NULL,
        PRIMARY KEY (band, bucket)
    ) WITHOUT ROWID;
    """,
    # 3: the deduplication state keyed by integers. Every distinct body is a
    # document (its URL, signature and the original it duplicates); its LSH
    # band keys and the digest of its text are buckets pointing to it, all in
    # one integer-keyed table, so one lookup answers "exact or near?". Rows
    # are a third of the size of text-keyed ones, which keeps a million
    # articles' buckets in the page cache. The buckets are rebuilt from the
    # documents whenever the banding changes (dedupe_meta holds the one they
    # were built with). Version 2's signatures carry over, its digests (of
    # another hash) do not: a copy of such a body is found as a near
    # duplicate of similarity 1.
    """
    CREATE TABLE dedupe_documents (
        id           INTEGER PRIMARY KEY,
        url          TEXT NOT NULL,
        body_hash    INTEGER,
        signature    BLOB NOT NULL,
        duplicate_of TEXT
    );
    INSERT INTO dedupe_documents (url, signature, duplicate_of)
        SELECT url, signature, duplicate_of FROM dedupe_signatures;
    CREATE TABLE dedupe_buckets (
        bucket   INTEGER PRIMARY KEY,
        document INTEGER NOT NULL
    );
    CREATE TABLE dedupe_meta (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    DROP TABLE dedupe_bodies;
    DROP TABLE dedupe_signatures;
    DROP TABLE dedupe_bands;
    """,
    # 4: new articles are indexed by the store, once per batch, with one
    # INSERT ... SELECT over the rows the batch added, rather than by a
    # trigger once per row: the index written 1.8 times as fast, the whole
    # batch 1.5 times. A program that inserts into articles by itself must
    # index the new rows the same way (ArticleStore.write does both).
    """
    DROP TRIGGER articles_fts_insert;
    """,
    # 5: the full-text index's write settings. FTS5 flushes its in-memory
    # index to a new segment whenever it outgrows hashsize (1 MiB by
    # default): a batch of 500 articles made several small segments, and
    # merging them was most of the indexing. With 4 MiB a batch is one
    # segment; merging 16 segments of a level at a time rather than 4 halves
    # the merges again. Batches are written 1.7 times as fast, 1.6 at 100,000
    # articles; searches take as long as before.
    """
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 4194304);
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema of *db* to :data:`SCHEMA_VERSION` in one write transaction.

    The version is read again once the write lock is held: of two processes
    creating or migrating one archive at once, the second waits for the
    first and then finds nothing left to do, instead of creating the tables
    a second time.
    """
    if _user_version(db) >= SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for number in range(_user_version(db), SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
    except BaseException:
        db.rollback()
        raise
    db.commit()


def enter_wal_mode(db: sqlite3.Connection, timeout: float) -> None:
    """Switch *db* to WAL mode, waiting up to *timeout* while other connections hold it.

    The switch needs the database to itself, and SQLite reports another
    connection's lock at once here instead of calling the busy handler
    (two new connections would otherwise wait on each other): so a crawl
    that opens an archive as another creates it tries again.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_RETRY_SECONDS)


def _user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> Iterator[str]:
    """The statements of *script*, one by one (``executescript`` would commit first)."""
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
