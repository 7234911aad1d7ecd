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
import os
import shutil
import sqlite3
import time
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.extract.dates import utc_now_iso
from crawler.items import ARTICLE_FIELD_NAMES
from crawler.store.lock import ArchiveBusy, WriterLock
from crawler.store.schema import MIGRATIONS, SCHEMA_VERSION

logger = logging.getLogger(__name__)

ARTICLE_FIELDS = ARTICLE_FIELD_NAMES
"""Article record fields, in record order; lists and objects are stored as JSON."""
JSON_FIELDS = frozenset({"subtitles", "authors", "keywords", "images"})
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
MIN_FREE_BYTES = 16 * 1024 * 1024


class StoreError(Exception):
    """The archive cannot be used: locked, read-only, corrupt, or no room left."""

    def __init__(self, message: str, reason: str = "other") -> None:
        super().__init__(message)
        self.reason = reason
        """``locked``, ``busy`` (another crawl writes to it and ``-O`` would empty it),
        ``readonly``, ``corrupt``, ``full``, ``newer``, ``missing`` or ``other``."""


_LOOKUP_CHUNK = 400
_WAL_RETRY_SECONDS = 0.02


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


@dataclass
class WrittenRows:
    """The rows a store wrote, as row ids and hashes of their keys, 16 bytes a row.

    Enough to check, after the last commit, that each row is still in the
    file at the archive's path under the same key, and to read back those
    that are not through the connection that wrote them.
    """

    ids: array = field(default_factory=lambda: array("q"))
    keys: array = field(default_factory=lambda: array("q"))

    def add(self, row_id: int, key: tuple[str, str]) -> None:
        self.ids.append(row_id)
        self.keys.append(hash(key))

    def __len__(self) -> int:
        return len(self.ids)

    def truncate(self, length: int) -> None:
        del self.ids[length:]
        del self.keys[length:]

    def expected(self) -> dict[int, int]:
        return dict(zip(self.ids, self.keys, strict=True))


@dataclass(frozen=True)
class Verification:
    """What a check of the written rows found in the file at the archive's path."""

    replaced: bool
    """The path no longer names the file this store wrote (deleted, or another file)."""
    missing: list[int]
    """Ids of written rows that are not at the path under their key."""
    run_recorded: bool
    """The store's run is there, with its end recorded."""

    @property
    def ok(self) -> bool:
        return not self.replaced and not self.missing and self.run_recorded


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
        self.timeout = timeout
        self.written = WrittenRows()
        self._lock: WriterLock | None = None
        _check_path(self.path, readonly)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._lock = WriterLock(self.path, exclusive=False, timeout=timeout)
            except ArchiveBusy:
                raise StoreError(
                    f"{self.path} is being emptied by another crawl (-O)", "locked"
                ) from None
        try:
            self._connect(timeout)
        except StoreError:
            self.close()
            raise
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(*_explain(self.path, exc)) from exc

    def _connect(self, timeout: float) -> None:
        # The file is never opened here but through SQLite: closing any other
        # descriptor of it would drop the POSIX locks that SQLite holds for
        # this process, and another process would then reset the WAL file
        # under this connection's committed transactions.
        if self.readonly:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, timeout=timeout)
        else:
            self.db = sqlite3.connect(self.path, timeout=timeout)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.readonly:
            if self.schema_version() > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer version of this project", "newer"
                )
        else:
            _enter_wal_mode(self.db, self.timeout)
            # In WAL mode NORMAL loses no committed transaction on a
            # process crash (kill -9); only a power cut can take the last one.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            self._check_writable()
        self.identity = _identity(self.path)

    def close(self) -> None:
        if hasattr(self, "db"):
            self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

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
        written = len(self.written)
        try:
            with self._transaction():
                self._write_all(records, now, counts)
        except BaseException:
            self.written.truncate(written)  # rolled back: none of these rows is in the file
            raise
        return counts

    def _write_all(
        self, records: Iterable[Mapping[str, Any]], now: str, counts: WriteCounts
    ) -> None:
        batch: dict[tuple[str, str], _Pending] = {}
        for record in records:
            pending = _Pending.of(record)
            if pending.key in batch:
                self._write_batch(list(batch.values()), now, counts)
                batch.clear()
            batch[pending.key] = pending
        if batch:
            self._write_batch(list(batch.values()), now, counts)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, begun with the write lock (waiting for it up to the timeout).

        ``BEGIN IMMEDIATE``: a deferred transaction that reads first and then
        writes fails at once, without waiting, when another process committed
        in between; and the batch's lookups must see what it then writes over.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.commit()

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
        for pending, old in (*changed, *same):
            self.written.add(old["id"], pending.key)
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
        # those past last_id, in order (the write lock is ours until commit).
        for offset, pending in enumerate(new, start=1):
            self.written.add(last_id + offset, pending.key)
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
        with self._transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (spider, started_at) VALUES (?, ?)", (spider, utc_now_iso())
            )
        return int(cursor.lastrowid or 0)

    def finish_run(
        self, run: int, counts: WriteCounts, stats: Mapping[str, Any], reason: str | None
    ) -> None:
        with self._transaction():
            self.db.execute(
                "UPDATE runs SET finished_at = ?, finish_reason = ?, items = ?, inserted = ?, "
                "updated = ?, unchanged = ?, errors = ?, stats = ? WHERE id = ?",
                (*run_values(counts, stats, reason), run),
            )

    # -- checking what was written -------------------------------------------

    def verify(self, run: int | None = None) -> Verification:
        """Check through a new connection that the file at the path holds what this store wrote.

        The path must still name the file this store opened (same device and
        inode), every written row must be there under its key, and *run*, if
        given, must be recorded as finished.
        """
        expected = self.written.expected()
        if _identity(self.path) != self.identity:
            return Verification(replaced=True, missing=sorted(expected), run_recorded=False)
        missing = []
        ids = sorted(expected)
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=self.timeout)) as fresh:
            for start in range(0, len(ids), _LOOKUP_CHUNK):
                chunk = ids[start : start + _LOOKUP_CHUNK]
                found = {
                    row_id: hash((source, article_id))
                    for row_id, source, article_id in fresh.execute(
                        "SELECT id, source, article_id FROM articles "
                        f"WHERE id IN ({', '.join('?' * len(chunk))})",
                        chunk,
                    )
                }
                missing.extend(i for i in chunk if found.get(i) != expected[i])
            recorded = (
                run is None
                or fresh.execute(
                    "SELECT 1 FROM runs WHERE id = ? AND finished_at IS NOT NULL", (run,)
                ).fetchone()
                is not None
            )
        return Verification(replaced=False, missing=missing, run_recorded=recorded)

    def written_records(self, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
        """The rows *ids* as records, read through this store's own connection.

        That connection still reads the file it wrote, even when the path
        names another file now or the rows were lost from the file there.
        """
        ordered = sorted(set(ids))
        for start in range(0, len(ordered), _LOOKUP_CHUNK):
            chunk = ordered[start : start + _LOOKUP_CHUNK]
            query = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles WHERE id IN "
            for row in self.db.execute(f"{query}({', '.join('?' * len(chunk))})", chunk):
                yield _record(row)

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


def _enter_wal_mode(db: sqlite3.Connection, timeout: float) -> None:
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


def _check_path(path: Path, readonly: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SQLite archive", "other")
    if readonly and not path.exists():
        raise StoreError(f"no archive at {path}", "missing")


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at *path*, or None when there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


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
    if "not a database" in message:
        return f"{path} is not a SQLite database (corrupt or another kind of file)", "corrupt"
    if "malformed" in message:
        return f"{path} is corrupt ({message}); restore a backup or start a new archive", "corrupt"
    return f"{path}: {message}", "other"


def check_archive(path: str | Path, overwrite: bool = False, timeout: float = 5.0) -> None:
    """Raise :class:`StoreError` if a crawl could not write to the archive at *path*.

    With *overwrite* (``-O``) a corrupt or foreign file is no obstacle, since
    it is replaced; another crawl writing to the archive is.
    """
    path = Path(path)
    if overwrite:
        _exclusive(path).release()
        if not path.exists():
            return
    try:
        ArticleStore(path, timeout=timeout).close()
    except StoreError as exc:
        if not (overwrite and exc.reason in ("corrupt", "newer")):
            raise


def reset_archive(path: str | Path, timeout: float = 5.0) -> None:
    """Empty the archive at *path* (``-O``), unless another process writes to it.

    A SQLite archive is emptied in place, so that a reader holding it open
    sees an empty archive rather than a deleted file; a corrupt or foreign
    file is deleted. Raise :class:`StoreError` (``busy``) when any crawl
    holds the archive open for writing.
    """
    path = Path(path)
    with _exclusive(path):
        if not path.exists():
            return
        try:
            _drop_everything(path, timeout)
        except sqlite3.DatabaseError as exc:
            if "not a database" not in str(exc) and "malformed" not in str(exc):
                raise StoreError(*_explain(path, exc)) from exc
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def _exclusive(path: Path) -> WriterLock:
    try:
        return WriterLock(path, exclusive=True, timeout=0)
    except ArchiveBusy:
        raise StoreError(
            f"{path} is being written by another crawl, and -O would empty it under that "
            "crawl: wait for it to end, or add to the archive with -o",
            "busy",
        ) from None


def _drop_everything(path: Path, timeout: float) -> None:
    """Drop every table, view and trigger of the database at *path*, in one transaction."""
    with closing(sqlite3.connect(path, timeout=timeout)) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("BEGIN IMMEDIATE")
        objects = db.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        # Virtual tables first: they drop their own shadow tables.
        objects.sort(key=lambda o: (o[0] != "view", "VIRTUAL" not in (o[2] or "").upper()))
        for kind, name, _ in objects:
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        db.execute("PRAGMA user_version = 0")
        db.commit()
        db.execute("VACUUM")


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
