"""A SQLite archive of articles that a cron job can add to for years.

One row per article, keyed by ``(source, article_id)``. Writing a record
that is already stored updates it in place: unchanged content only refreshes
``last_seen_at``; a changed title or body, or a later ``modified_at``, bumps
``revision``, keeps the previous content in ``article_revisions`` and its hash
in ``previous_hash``. The database runs in WAL mode, so readers query while a
crawl writes, and every batch is one transaction: a crawl killed at any
moment leaves every committed batch and a database that passes
``PRAGMA integrity_check``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extract.dates import utc_now_iso
from crawler.items import ARTICLE_FIELD_NAMES
from crawler.store.schema import MIGRATIONS, SCHEMA_VERSION

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = ARTICLE_FIELD_NAMES
"""Article record fields, in record order; lists and objects are stored as JSON."""
JSON_FIELDS = frozenset({"subtitles", "authors", "keywords", "images"})
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
MIN_FREE_BYTES = 16 * 1024 * 1024
_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The archive cannot be used: locked, read-only, corrupt, or no room left."""

    def __init__(self, message: str, reason: str = "other") -> None:
        super().__init__(message)
        self.reason = reason
        """``locked``, ``readonly``, ``corrupt``, ``full``, ``newer``, ``missing`` or ``other``."""


_LOOKUP_CHUNK = 400


@dataclass
class _Pending:
    """A record about to be written, with its row form, key and content hash."""

    record: Mapping[str, Any]
    row: dict[str, Any]
    key: tuple[str, str]
    digest: str

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> _Pending:
        row = _row(record)
        return cls(record, row, (row["source"], row["article_id"]), content_hash(record))

    def changes(self, stored: sqlite3.Row) -> bool:
        """True when this version differs from the stored one or is a later update."""
        if self.digest != stored["content_hash"]:
            return True
        modified = self.row["modified_at"]
        return modified is not None and (
            stored["modified_at"] is None or modified > stored["modified_at"]
        )


@dataclass
class WriteCounts:
    """What a batch did to the archive."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


def is_sqlite_path(path: str) -> bool:
    """True for a path that names a SQLite archive (``.db``, ``.sqlite``, ``.sqlite3``)."""
    return path.lower().endswith(SQLITE_SUFFIXES)


def run_values(counts: WriteCounts, stats: Mapping[str, Any], reason: str | None) -> tuple:
    """The ``runs`` columns a finished run sets, from ``finished_at`` to ``stats``."""
    return (
        utc_now_iso(),
        reason,
        counts.inserted + counts.updated + counts.unchanged,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        int(stats.get("log_count/ERROR", 0)),
        json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True),
    )


def content_hash(record: Mapping[str, Any]) -> str:
    """Hash of what makes two versions of an article differ: title, subtitles, body."""
    payload = json.dumps(
        [record.get("title") or "", record.get("subtitles") or [], record.get("body") or ""],
        ensure_ascii=False,
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def remove_database(path: Path) -> None:
    """Delete a database with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class ArticleStore:
    """Read and write the article archive at *path*.

    Opening checks what would otherwise fail halfway through a crawl: that
    the file is a SQLite database, that it is writable and not locked by
    another writer, and that the disk has room. Any problem raises
    :class:`StoreError` with a message for a person.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.readonly = readonly
        _check_file(self.path, readonly)
        try:
            if readonly:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, timeout=timeout)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, timeout=timeout)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL loses no committed transaction on a
                # process crash (kill -9); only a power cut can take the last one.
                self.db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
                self._check_writable()
            elif self.schema_version() > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer version of this project", "newer"
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(*_explain(self.path, exc)) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer version of this project", "newer")
        migrate(self.db)
        if current < SCHEMA_VERSION:
            logger.info("Archive %s migrated to schema version %d", self.path, SCHEMA_VERSION)

    def _check_writable(self) -> None:
        """Take the write lock once, so a locked or read-only file fails now."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("ROLLBACK")
        free = shutil.disk_usage(self.path.parent).free
        if free < MIN_FREE_BYTES:
            raise StoreError(f"only {free // 1024} KiB free on the disk of {self.path}", "full")

    # -- writing ------------------------------------------------------------

    def write(self, records: Iterable[Mapping[str, Any]]) -> WriteCounts:
        """Insert or update *records* in one transaction.

        Work is done per statement over the whole batch (one lookup, one
        ``executemany`` per kind of change), not per record. An article that
        comes twice in one batch is written twice, in order.
        """
        counts = WriteCounts()
        now = utc_now_iso()
        with self.db:
            batch: dict[tuple[str, str], _Pending] = {}
            for record in records:
                pending = _Pending.of(record)
                if pending.key in batch:
                    self._write_batch(list(batch.values()), now, counts)
                    batch.clear()
                batch[pending.key] = pending
            if batch:
                self._write_batch(list(batch.values()), now, counts)
        return counts

    def _write_batch(self, batch: list[_Pending], now: str, counts: WriteCounts) -> None:
        stored = self._stored({p.key for p in batch})
        new, changed, same = [], [], []
        for pending in batch:
            old = stored.get(pending.key)
            if old is None:
                new.append(pending)
            elif pending.changes(old):
                changed.append((pending, old))
            else:
                same.append((pending, old))
        self._insert(new, now)
        self.db.executemany(
            "INSERT INTO article_revisions (article, revision, content_hash, title, body, "
            "modified_at, fetched_at, replaced_at) "
            "SELECT id, revision, content_hash, title, body, modified_at, fetched_at, ? "
            "FROM articles WHERE id = ?",
            [(now, old["id"]) for _, old in changed],
        )
        assignments = ", ".join(f"{name} = ?" for name in ARTICLE_FIELDS)
        self.db.executemany(
            f"UPDATE articles SET {assignments}, content_hash = ?, previous_hash = content_hash, "
            "revision = revision + 1, last_seen_at = ? WHERE id = ?",
            [(*p.row.values(), p.digest, now, old["id"]) for p, old in changed],
        )
        self.db.executemany(
            "UPDATE articles SET last_seen_at = ?, fetched_at = coalesce(?, fetched_at) "
            "WHERE id = ?",
            [(now, p.row["fetched_at"], old["id"]) for p, old in same],
        )
        self.db.executemany(
            "DELETE FROM article_authors WHERE source = ? AND article_id = ?",
            [p.key for p, _ in changed],
        )
        self.db.executemany(
            "INSERT INTO article_authors (source, article_id, position, name, email) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (*p.key, position, author.get("name") or "", author.get("email"))
                for p in [*new, *(p for p, _ in changed)]
                for position, author in enumerate(p.record.get("authors") or [])
            ],
        )
        counts.inserted += len(new)
        counts.updated += len(changed)
        counts.unchanged += len(same)

    def _insert(self, new: list[_Pending], now: str) -> None:
        """Insert articles not stored yet, and index them for full-text search."""
        if not new:
            return
        columns = ", ".join(ARTICLE_FIELDS)
        last_id = self.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        self.db.executemany(
            f"INSERT INTO articles ({columns}, content_hash, first_seen_at, last_seen_at) "
            f"VALUES ({', '.join('?' * len(ARTICLE_FIELDS))}, ?, ?, ?)",
            [(*p.row.values(), p.digest, now, now) for p in new],
        )
        # Rows get ids above the largest one, so the new rows are exactly
        # those past last_id (the write lock is ours until commit).
        self.db.execute(
            "INSERT INTO articles_fts (rowid, text) SELECT id, text FROM articles_text "
            "WHERE id > ?",
            (last_id,),
        )

    def _stored(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], sqlite3.Row]:
        """Stored state of the articles with these keys, looked up in chunks."""
        found = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), _LOOKUP_CHUNK):
            chunk = ordered[start : start + _LOOKUP_CHUNK]
            values = ", ".join("(?, ?)" for _ in chunk)
            # A join, not "(source, article_id) IN (VALUES ...)": SQLite
            # answers that with a scan of the whole table, for every batch.
            rows = self.db.execute(
                f"WITH keys (source, article_id) AS (VALUES {values}) "
                "SELECT a.id, a.source, a.article_id, a.content_hash, a.modified_at "
                "FROM keys JOIN articles a "
                "ON a.source = keys.source AND a.article_id = keys.article_id",
                [part for key in chunk for part in key],
            )
            for row in rows:
                found[(row["source"], row["article_id"])] = row
        return found

    # -- runs ---------------------------------------------------------------

    def start_run(self, spider: str) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (spider, started_at) VALUES (?, ?)", (spider, utc_now_iso())
            )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self, run: int, counts: WriteCounts, stats: Mapping[str, Any], reason: str | None
    ) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, items = ?, inserted = ?, "
                "updated = ?, unchanged = ?, errors = ?, stats = ? WHERE id = ?",
                (*run_values(counts, stats, reason), run),
            )

    # -- reading ------------------------------------------------------------

    def count(self, source: str | None = None) -> int:
        if source is None:
            return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])
        query = "SELECT count(*) FROM articles WHERE source = ?"
        return int(self.db.execute(query, (source,)).fetchone()[0])

    def get(self, source: str, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT * FROM articles WHERE source = ? AND article_id = ?", (source, article_id)
        ).fetchone()
        return dict(row) if row else None

    def records(
        self, source: str | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stored articles as Article records, oldest first, filtered by site and date.

        *since* and *until* compare with ``published_at`` as ISO text: a date
        (``2026-04-20``) or a full timestamp; *until* is exclusive.
        """
        clauses, params = _filters(source, since, until)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles {where} "
        query += "ORDER BY published_at, source, article_id"
        for row in self.db.execute(query, params):
            yield _record(row)

    def search(
        self,
        text: str,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Articles whose title, subtitles or body contain *text*, newest first.

        Every whitespace-separated term must occur, as a substring, case
        sensitive. Terms of three or more characters are looked up in the
        trigram index; shorter ones (금리) cannot be, and SQLite scans for them.
        """
        terms = [t for t in text.split() if t]
        if not terms:
            return []
        clauses, params = _filters(source, since, until, prefix="a.")
        long_terms = [t for t in terms if len(t) >= 3]
        conditions, values = [], []
        if long_terms:
            # GLOB rather than LIKE: FTS5 hands a GLOB to the trigram index
            # and its wildcards can be escaped; LIKE ... ESCAPE is never indexed.
            globs = " AND ".join("text GLOB ?" for _ in long_terms)
            conditions.append(f"a.id IN (SELECT rowid FROM articles_fts WHERE {globs})")
            values.extend(f"*{_escape_glob(t)}*" for t in long_terms)
        for term in terms:
            if len(term) < 3:
                # The trigram index matches nothing shorter than three characters.
                conditions.append("instr(a.title || a.subtitles || a.body, ?) > 0")
                values.append(term)
        conditions.extend(clauses)
        query = (
            "SELECT a.source, a.article_id, a.url, a.title, a.published_at, a.body "
            f"FROM articles a WHERE {' AND '.join(conditions)} "
            "ORDER BY a.published_at DESC LIMIT ?"
        )
        rows = self.db.execute(query, [*values, *params, limit]).fetchall()
        return [
            {
                "source": r["source"],
                "article_id": r["article_id"],
                "url": r["url"],
                "title": r["title"],
                "published_at": r["published_at"],
                "snippet": _snippet(r["body"], terms[0]),
            }
            for r in rows
        ]

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema of *db* to :data:`SCHEMA_VERSION`, one transaction per migration."""
    current = int(db.execute("PRAGMA user_version").fetchone()[0])
    for number in range(current, SCHEMA_VERSION):
        script = f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;"
        try:
            db.executescript(script)
        except sqlite3.DatabaseError:
            if db.in_transaction:
                db.rollback()
            raise


def _check_file(path: Path, readonly: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SQLite archive", "other")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as stream:
            if stream.read(16) != _SQLITE_HEADER:
                raise StoreError(
                    f"{path} is not a SQLite database (corrupt or another kind of file)", "corrupt"
                )
    elif readonly:
        raise StoreError(f"no archive at {path}", "missing")


def _explain(path: Path, exc: sqlite3.DatabaseError) -> tuple[str, str]:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return f"{path} is locked by another process (is another crawl writing to it?)", "locked"
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return (
            f"{path} cannot be written: check its permissions and those of its folder",
            "readonly",
        )
    if "disk" in message and "full" in message:
        return f"no space left on the disk of {path}", "full"
    if "malformed" in message or "not a database" in message:
        return f"{path} is corrupt ({message}); restore a backup or start a new archive", "corrupt"
    return f"{path}: {message}", "other"


def check_archive(path: str | Path, overwrite: bool = False, timeout: float = 5.0) -> None:
    """Raise :class:`StoreError` if a crawl could not write to the archive at *path*.

    With *overwrite* (``-O``) a corrupt or foreign file is no obstacle, since
    it is replaced; a lock held by another writer still is.
    """
    path = Path(path)
    if overwrite and not path.exists():
        return
    try:
        ArticleStore(path, timeout=timeout).close()
    except StoreError as exc:
        if not (overwrite and exc.reason in ("corrupt", "newer")):
            raise


def _row(record: Mapping[str, Any]) -> dict[str, Any]:
    row = {}
    for name in ARTICLE_FIELDS:
        value = record.get(name)
        if name in JSON_FIELDS:
            value = json.dumps(value or [], ensure_ascii=False)
        row[name] = value
    if not row["article_id"]:
        row["article_id"] = row["url"]
    return row


def _record(row: sqlite3.Row) -> dict[str, Any]:
    return {
        name: json.loads(row[name]) if name in JSON_FIELDS else row[name] for name in ARTICLE_FIELDS
    }


def _filters(
    source: str | None, since: str | None, until: str | None, prefix: str = ""
) -> tuple[list[str], list[Any]]:
    """Conditions on site and publication time, and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if source:
        clauses.append(f"{prefix}source = ?")
        params.append(source)
    if since:
        clauses.append(f"{prefix}published_at >= ?")
        params.append(since)
    if until:
        clauses.append(f"{prefix}published_at < ?")
        params.append(until)
    return clauses, params


def _escape_glob(term: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in term)


def _snippet(body: str, term: str, width: int = 60) -> str:
    """A line of *body* around the first occurrence of *term*."""
    at = body.find(term)
    start = max(0, at - width) if at >= 0 else 0
    end = at + len(term) + width if at >= 0 else width * 2
    text = body[start:end].replace("\n\n", " ").replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
