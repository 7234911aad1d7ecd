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

import logging
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crawler.extract.dates import utc_now_iso
from crawler.store.batches import write_batch
from crawler.store.files import (
    MIN_FREE_BYTES,
    StoreError,
    check_path,
    explain,
    identity,
)
from crawler.store.lock import ArchiveBusy, WriterLock
from crawler.store.queries import search_articles
from crawler.store.records import (
    ARTICLE_FIELDS,
    PendingRecord,
    WriteCounts,
    filters,
    progress_values,
    run_values,
    to_record,
)
from crawler.store.schema import SCHEMA_VERSION, enter_wal_mode, migrate
from crawler.store.written import Verification, WrittenRows, check_written

logger = logging.getLogger(__name__)

_LOOKUP_CHUNK = 400


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
        check_path(self.path, readonly)
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
            raise StoreError(*explain(self.path, exc)) from exc

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
            enter_wal_mode(self.db, self.timeout)
            # In WAL mode NORMAL loses no committed transaction on a
            # process crash (kill -9); only a power cut can take the last one.
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
            self._check_writable()
        self.identity = identity(self.path)

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
        batch: dict[tuple[str, str], PendingRecord] = {}
        for record in records:
            pending = PendingRecord.of(record)
            if pending.key in batch:
                write_batch(self.db, list(batch.values()), now, counts, self.written)
                batch.clear()
            batch[pending.key] = pending
        if batch:
            write_batch(self.db, list(batch.values()), now, counts, self.written)

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

    def record_progress(self, run: int, counts: WriteCounts, stats: Mapping[str, Any]) -> None:
        """Set the counts and stats of *run*, still going, so readers see how far it is."""
        with self._transaction():
            self.db.execute(
                "UPDATE runs SET items = ?, inserted = ?, updated = ?, unchanged = ?, "
                "errors = ?, stats = ? WHERE id = ? AND finished_at IS NULL",
                (*progress_values(counts, stats), run),
            )

    # -- checking what was written -------------------------------------------

    def verify(self, run: int | None = None) -> Verification:
        """Check through a new connection that the file at the path holds what this store wrote.

        The path must still name the file this store opened (same device and
        inode), every written row must be there under its key, and *run*, if
        given, must be recorded as finished.
        """
        return check_written(self.path, self.identity, self.written, run, self.timeout)

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
                yield to_record(row)

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
        clauses, params = filters(source, since, until)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles {where} "
        query += "ORDER BY published_at, source, article_id"
        for row in self.db.execute(query, params):
            yield to_record(row)

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
        return search_articles(self.db, text, source, since, until, limit)

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def check_archive(path: str | Path, overwrite: bool = False, timeout: float = 5.0) -> None:
    """Raise :class:`StoreError` if a crawl could not write to the archive at *path*.

    With *overwrite* (``-O``) a corrupt or foreign file is no obstacle, since
    it is replaced. Whether another crawl writes to it is asked apart
    (:func:`~crawler.store.files.check_may_empty`): Scrapy builds a feed's
    storage, and so runs this check, as the crawl starts, and a crawl that
    began writing meanwhile must be refused by ``-O`` itself, in one line.
    """
    path = Path(path)
    if overwrite and not path.exists():
        return
    try:
        ArticleStore(path, timeout=timeout).close()
    except StoreError as exc:
        if not (overwrite and exc.reason in ("corrupt", "newer")):
            raise
