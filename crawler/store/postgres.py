"""The article archive in PostgreSQL, for several crawling machines (psycopg 3).

The same contract as the SQLite archive (:mod:`crawler.store.sqlite`): one
row per ``(source, article_id)``, updated in place with a revision count and
the previous content kept, reporters in their own table, a ``runs`` table,
and full-text search that finds Korean substrings (``pg_trgm`` GIN index,
queried with ``LIKE``). Writes come in batches, one transaction each; two
workers writing the same article at once cannot make a second row
(``ON CONFLICT``). The schema version lives in ``archive_schema``, and
migrations are numbered and applied in order, as in SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

try:  # the [postgres] extra
    import psycopg
    from psycopg.rows import dict_row
    from psycopg.types.json import Jsonb
except ImportError:
    psycopg = None

from crawler.extract.dates import utc_now_iso
from crawler.store.files import StoreError
from crawler.store.postgres_schema import MIGRATIONS, SCHEMA_VERSION
from crawler.store.records import (
    ARTICLE_FIELDS,
    JSON_FIELDS,
    PendingRecord,
    WriteCounts,
    progress_values,
    run_values,
    search_hit,
)
from crawler.utils.extras import missing_extra
from crawler.utils.secrets import redact

POSTGRES_ERRORS: tuple[type[Exception], ...] = (psycopg.Error,) if psycopg else ()
"""psycopg's errors, for ``except`` clauses that catch SQLite's too; none without the extra."""
_WRITERS_LOCK = 0x6B62697A  # "kbiz": the advisory lock key every writer holds shared
_TEXT = "(a.title || ' ' || a.subtitles::text || ' ' || a.body)"


def check_may_empty(dsn: str) -> None:
    """Raise :class:`StoreError` (``busy``) when ``-O`` would empty the archive under a crawl."""
    with PostgresStore(dsn) as store:
        store.db.execute("SELECT pg_advisory_unlock_shared(%s)", (_WRITERS_LOCK,))
        store.db.commit()
        with store.db.transaction():
            if not _no_other_writer(store.db):
                raise _busy(dsn)


def _no_other_writer(db: psycopg.Connection) -> bool:
    """Take the writers lock exclusively until the transaction ends, if no writer holds it."""
    row = db.execute("SELECT pg_try_advisory_xact_lock(%s) AS free", (_WRITERS_LOCK,)).fetchone()
    return bool(row["free"])


def _busy(dsn: str) -> StoreError:
    return StoreError(
        f"{_safe(dsn)} is being written by another crawl, and -O would empty it under that "
        "crawl: wait for it to end, or add to the archive with -o",
        "busy",
    )


def is_postgres_url(uri: str) -> bool:
    return uri.startswith(("postgresql://", "postgres://"))


class PostgresStore:
    """Read and write the article archive in the PostgreSQL database at *dsn*."""

    def __init__(self, dsn: str, *, fresh: bool = False) -> None:
        self.dsn = dsn
        message = missing_extra("psycopg", "postgres", "A PostgreSQL archive")
        if psycopg is None or message:
            raise StoreError(message or "psycopg cannot be imported", "other")
        try:
            self.db = psycopg.connect(dsn, row_factory=dict_row, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise StoreError(redact(f"cannot connect to {dsn}: {exc}".strip()), "other") from exc
        try:
            self._migrate()
            if fresh and not self._empty():
                self.db.close()
                raise _busy(dsn)
            # Held for as long as this connection lives, like the SQLite
            # archive's writers lock: "-O" refuses while any writer holds it.
            self.db.execute("SELECT pg_advisory_lock_shared(%s)", (_WRITERS_LOCK,))
            # The lock is the session's; the transaction that took it must end,
            # or every later transaction() would be a savepoint inside it, and
            # all of the crawl's writes would be rolled back when it closes.
            self.db.commit()
        except psycopg.Error as exc:
            self.db.close()
            raise StoreError(redact(f"{dsn}: {exc}".strip()), "other") from exc

    def _empty(self) -> bool:
        """Empty the archive (``-O``); False, and nothing done, while another crawl writes to it."""
        with self.db.transaction():
            if not _no_other_writer(self.db):
                return False
            self.db.execute(
                "TRUNCATE articles, article_authors, article_revisions, runs RESTART IDENTITY"
            )
        return True

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        with self.db.transaction():
            # One migrating worker at a time: the others wait here.
            self.db.execute("SELECT pg_advisory_xact_lock(7150319)")
            self.db.execute("CREATE TABLE IF NOT EXISTS archive_schema (version INTEGER NOT NULL)")
            row = self.db.execute("SELECT max(version) AS version FROM archive_schema").fetchone()
            current = (row or {}).get("version") or 0
            if current > SCHEMA_VERSION:
                raise StoreError(f"{_safe(self.dsn)} was written by a newer version", "newer")
            for number in range(current, SCHEMA_VERSION):
                self.db.execute(MIGRATIONS[number])
                self.db.execute("INSERT INTO archive_schema (version) VALUES (%s)", (number + 1,))

    def schema_version(self) -> int:
        row = self.db.execute("SELECT max(version) AS version FROM archive_schema").fetchone()
        return int(row["version"])

    def write(self, records: Iterable[Mapping[str, Any]]) -> WriteCounts:
        """Insert or update *records* in one transaction (see the SQLite store)."""
        counts = WriteCounts()
        now = utc_now_iso()
        with self.db.transaction():
            for pending in (PendingRecord.of(r) for r in records):
                self._write_one(pending, now, counts)
        return counts

    def _write_one(self, pending: PendingRecord, now: str, counts: WriteCounts) -> None:
        values = [_pg(name, pending.row[name]) for name in ARTICLE_FIELDS]
        columns = ", ".join(ARTICLE_FIELDS)
        inserted = self.db.execute(
            f"INSERT INTO articles ({columns}, content_hash, first_seen_at, last_seen_at) "
            f"VALUES ({', '.join(['%s'] * len(values))}, %s, %s, %s) "
            "ON CONFLICT (source, article_id) DO NOTHING RETURNING id",
            (*values, pending.digest, now, now),
        ).fetchone()
        if inserted is not None:
            self._write_authors(pending)
            counts.inserted += 1
            return
        stored = self.db.execute(
            "SELECT id, content_hash, modified_at FROM articles "
            "WHERE source = %s AND article_id = %s FOR UPDATE",
            pending.key,
        ).fetchone()
        if not pending.changes(stored):
            self.db.execute(
                "UPDATE articles SET last_seen_at = %s, fetched_at = coalesce(%s, fetched_at) "
                "WHERE id = %s",
                (now, pending.row["fetched_at"], stored["id"]),
            )
            counts.unchanged += 1
            return
        self.db.execute(
            "INSERT INTO article_revisions (article, revision, content_hash, title, body, "
            "modified_at, fetched_at, replaced_at) "
            "SELECT id, revision, content_hash, title, body, modified_at, fetched_at, %s "
            "FROM articles WHERE id = %s",
            (now, stored["id"]),
        )
        assignments = ", ".join(f"{name} = %s" for name in ARTICLE_FIELDS)
        self.db.execute(
            f"UPDATE articles SET {assignments}, content_hash = %s, previous_hash = content_hash, "
            "revision = revision + 1, last_seen_at = %s WHERE id = %s",
            (*values, pending.digest, now, stored["id"]),
        )
        self._write_authors(pending)
        counts.updated += 1

    def _write_authors(self, pending: PendingRecord) -> None:
        self.db.execute(
            "DELETE FROM article_authors WHERE source = %s AND article_id = %s", pending.key
        )
        with self.db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO article_authors (source, article_id, position, name, email) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (*pending.key, position, author.get("name") or "", author.get("email"))
                    for position, author in enumerate(pending.record.get("authors") or [])
                ],
            )

    def start_run(self, spider: str) -> int:
        with self.db.transaction():
            row = self.db.execute(
                "INSERT INTO runs (spider, started_at) VALUES (%s, %s) RETURNING id",
                (spider, utc_now_iso()),
            ).fetchone()
        return int(row["id"])

    def finish_run(
        self, run: int, counts: WriteCounts, stats: Mapping[str, Any], reason: str | None
    ) -> None:
        with self.db.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = %s, finish_reason = %s, items = %s, inserted = %s, "
                "updated = %s, unchanged = %s, errors = %s, stats = %s WHERE id = %s",
                (*run_values(counts, stats, reason), run),
            )

    def record_progress(self, run: int, counts: WriteCounts, stats: Mapping[str, Any]) -> None:
        """Set the counts and stats of *run*, still going, so readers see how far it is."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE runs SET items = %s, inserted = %s, updated = %s, unchanged = %s, "
                "errors = %s, stats = %s WHERE id = %s AND finished_at IS NULL",
                (*progress_values(counts, stats), run),
            )

    def count(self, source: str | None = None) -> int:
        if source is None:
            return int(self.db.execute("SELECT count(*) AS n FROM articles").fetchone()["n"])
        row = self.db.execute("SELECT count(*) AS n FROM articles WHERE source = %s", (source,))
        return int(row.fetchone()["n"])

    def keys(self) -> set[tuple[str, str]]:
        return {(r["source"], r["article_id"]) for r in self.db.execute(
            "SELECT source, article_id FROM articles"
        )}  # fmt: skip

    def stored_date(self, key: tuple[str, str]) -> tuple[bool, str | None]:
        """Whether the article is stored, and its ``modified_at`` or ``published_at``."""
        row = self.db.execute(
            "SELECT coalesce(modified_at, published_at) AS at FROM articles "
            "WHERE source = %s AND article_id = %s",
            key,
        ).fetchone()
        return (row is not None, row["at"] if row else None)

    def records(self, source: str | None = None) -> Iterator[dict[str, Any]]:
        where = "WHERE source = %s" if source else ""
        rows = self.db.execute(
            f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles {where} "
            "ORDER BY published_at, source, article_id",
            (source,) if source else (),
        )
        yield from ({name: row[name] for name in ARTICLE_FIELDS} for row in rows)

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles containing every term of *text* (trigram index), newest first."""
        terms = [t for t in text.split() if t]
        if not terms:
            return []
        conditions = " AND ".join(f"{_TEXT} LIKE %s" for _ in terms)
        rows = self.db.execute(
            f"SELECT a.source, a.article_id, a.url, a.title, a.published_at, a.body "
            f"FROM articles a WHERE {conditions} ORDER BY a.published_at DESC LIMIT %s",
            (*(f"%{_escape_like(t)}%" for t in terms), limit),
        ).fetchall()
        return [search_hit(r, terms[0]) for r in rows]


def _pg(name: str, value: Any) -> Any:
    """Row values as PostgreSQL takes them: the JSON columns as ``jsonb``."""
    if name in JSON_FIELDS and isinstance(value, str):
        return Jsonb(json.loads(value))
    return value


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _safe(dsn: str) -> str:
    """The DSN without its password, for messages."""
    return redact(dsn)
