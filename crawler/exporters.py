"""Feed exports beyond Scrapy's own: a SQLite archive and gzipped JSON Lines.

``-o data/articles.db`` (or ``.sqlite``) adds to and updates an archive and
``-O data/articles.db`` starts a fresh one, as ``-o``/``-O`` do for files.
``-O articles.jsonl.gz`` writes gzipped JSON Lines (``-o`` appends a gzip
member, which readers of gzip concatenate).

Scrapy's file storage would open the database path as a byte stream, and
``-O`` would truncate it under its WAL file; :class:`ArchiveFeedStorage`
hands a SQLite path to :class:`ArchiveItemExporter` instead, which writes
through :class:`~crawler.store.ArticleStore` in batches.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter, JsonLinesItemExporter
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.spiders import Spider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import reactor
from twisted.internet.task import LoopingCall

from crawler.extract.dates import utc_now_iso
from crawler.items import as_record
from crawler.signals import archive_writing
from crawler.store.files import StoreError, is_sqlite_path, reset_archive
from crawler.store.postgres import POSTGRES_ERRORS, PostgresStore
from crawler.store.records import WriteCounts
from crawler.store.sqlite import ArticleStore, check_archive
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)


@dataclass
class SQLiteTarget:
    """What the storage hands the exporter in place of an open file."""

    path: Path
    overwrite: bool

    def close(self) -> None:
        """Nothing to close: the exporter owns the database connection."""

    def open_store(self, crawler: Crawler) -> ArticleStore:
        return ArticleStore(self.path, timeout=crawler.settings.getfloat("SQLITE_TIMEOUT"))

    def __str__(self) -> str:
        return str(self.path)

    def unsaved_path(self, stamp: str) -> Path:
        return Path(f"{self.path}.unsaved-{stamp}-{os.getpid()}.jsonl")


@dataclass
class PostgresTarget:
    """A PostgreSQL archive, named by its connection URL."""

    dsn: str
    overwrite: bool

    def close(self) -> None:
        """Nothing to close: the exporter owns the database connection."""

    def open_store(self, crawler: Crawler) -> PostgresStore:
        return PostgresStore(self.dsn, fresh=self.overwrite)

    def __str__(self) -> str:
        return self.dsn.split("@")[-1]

    def unsaved_path(self, stamp: str) -> Path:
        return Path(f"articles.unsaved-{stamp}-{os.getpid()}.jsonl")


class PostgresFeedStorage:
    """``-o "postgresql://user@host/db:pg"``: the archive in PostgreSQL.

    The connection is tried when the crawl is set up, so that an unreachable
    database stops the crawl before its first request. ``-O`` empties the
    archive's tables first.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        self.dsn = uri
        self.overwrite = bool((feed_options or {}).get("overwrite", False))
        PostgresStore(self.dsn).close()

    def open(self, spider: Spider) -> IO[bytes]:
        return PostgresTarget(self.dsn, self.overwrite)  # type: ignore[return-value]

    def store(self, file: IO[bytes]) -> None:
        file.close()


class ArchiveFeedStorage(FileFeedStorage):
    """Scrapy's file storage, except that SQLite paths go to the SQLite exporter.

    The archive is checked when the crawl is set up (writable, not locked,
    not corrupt, room on the disk), so that a bad archive stops the crawl
    before the first request rather than losing items at the end.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.overwrite = bool((feed_options or {}).get("overwrite", False))
        self.sqlite = is_sqlite_path(self.path)
        self.crawler: Crawler | None = None
        if self.sqlite:
            check_archive(self.path, self.overwrite)

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        storage = cls(uri, feed_options=feed_options)
        if storage.sqlite and storage.overwrite:
            # "-O" empties the archive as the crawl opens, not when Scrapy
            # opens the feed: that waits for the first item exported, and the
            # deduplication state, in the same file, is read at the first
            # item scraped. Read from yesterday's archive, it would find every
            # article "unchanged" and drop it, and the feed would then empty
            # the archive. Strong reference: Scrapy discards the storage it
            # builds to check the feed, and that one's handler must still run.
            storage.crawler = crawler
            crawler.signals.connect(storage.start_fresh, signals.spider_opened, weak=False)
        return storage

    def start_fresh(self) -> None:
        """Empty the archive (``-O``), before anything in the crawl reads it.

        Refused while another crawl writes to it: this crawl then closes at
        once (``archive_busy``) and adds nothing, rather than empty the
        archive under the other one.
        """
        assert self.crawler is not None
        try:
            reset_archive(self.path, self.crawler.settings.getfloat("SQLITE_TIMEOUT"))
        except StoreError as exc:
            self.crawler.stats.inc_value(stat_key("sqlite", "refused", exc.reason))
            logger.error("Cannot start a fresh archive: %s", exc)
            crawler = self.crawler
            reactor.callLater(  # type: ignore[attr-defined]
                0,
                lambda: deferred_from_coro(
                    crawler.engine.close_spider_async(reason="archive_busy")
                ),
            )
            return
        logger.info("Starting a fresh archive at %s (-O)", self.path)

    def open(self, spider: Spider) -> IO[bytes]:
        if not self.sqlite:
            return super().open(spider)
        return SQLiteTarget(Path(self.path), self.overwrite)  # type: ignore[return-value]

    def store(self, file: IO[bytes]) -> None:
        file.close()


class ArchiveItemExporter(BaseItemExporter):
    """Write items to the archive (SQLite or PostgreSQL) in batches, by count and by time.

    A batch that cannot be written (disk full, database locked for too long)
    is kept and tried again with the next one; what is still unwritten when
    the crawl ends goes to ``<archive>.unsaved-<time>.jsonl`` beside it, so
    that no item is lost.
    """

    def __init__(
        self, file: SQLiteTarget | PostgresTarget, *, crawler: Crawler, **kwargs: Any
    ) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.target = file
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = crawler.settings.getint("SQLITE_BATCH_SIZE")
        self.batch_seconds = crawler.settings.getfloat("SQLITE_BATCH_SECONDS")
        self.buffer: list[dict[str, Any]] = []
        self.counts = WriteCounts()
        self.store: ArticleStore | PostgresStore | None = None
        self.run_id = 0
        self._last_flush = time.monotonic()
        self._timer = LoopingCall(self._flush_if_due)

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, file: SQLiteTarget | PostgresTarget, **kwargs: Any
    ) -> Self:
        return cls(file, crawler=crawler, **kwargs)

    def start_exporting(self) -> None:
        self._timer.start(self.batch_seconds, now=False)
        self.crawler.signals.send_catch_log(archive_writing)
        try:
            self.store = self.target.open_store(self.crawler)
            spider = self.crawler.spider.name if self.crawler.spider else "?"
            self.run_id = self.store.start_run(spider)
        except (StoreError, sqlite3.Error, *POSTGRES_ERRORS) as exc:
            self.stats.inc_value("sqlite/open_errors")
            logger.error("Cannot write to %s (%s); keeping the articles aside", self.target, exc)
            if self.store is not None:
                self.store.close()
                self.store = None
            return
        logger.info("Writing articles to %s (run %d)", self.target, self.run_id)

    def export_item(self, item: Any) -> None:
        self.buffer.append(as_record(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def _flush_if_due(self) -> None:
        if self.buffer and time.monotonic() - self._last_flush >= self.batch_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the buffered items in one transaction; keep them if that fails."""
        self._last_flush = time.monotonic()
        self.crawler.signals.send_catch_log(archive_writing)
        if not self.buffer or self.store is None:
            return
        try:
            counts = self.store.write(self.buffer)
        except (sqlite3.Error, OSError, *POSTGRES_ERRORS) as exc:
            self.stats.inc_value("sqlite/write_errors")
            logger.error(
                "Could not write %d articles to %s (%s); keeping them for the next batch",
                len(self.buffer),
                self.target,
                exc,
            )
            return
        self.buffer.clear()
        self.counts.add(counts)
        self.stats.inc_value("sqlite/inserted", counts.inserted)
        self.stats.inc_value("sqlite/updated", counts.updated)
        self.stats.inc_value("sqlite/unchanged", counts.unchanged)
        self.stats.inc_value("sqlite/batches")
        self._record_progress()

    def _record_progress(self) -> None:
        """Put the run's counts and stats so far in its ``runs`` row, for ``scrapy report``
        (a long backfill shows how far it is) and for a run killed before it finishes."""
        assert self.store is not None
        self.stats.set_value("sqlite/progress_at", utc_now_iso())
        try:
            self.store.record_progress(self.run_id, self.counts, self.crawler.stats.get_stats())
        except (sqlite3.Error, *POSTGRES_ERRORS) as exc:
            self.stats.inc_value("sqlite/progress_errors")
            logger.warning("Could not record the run's progress in %s (%s)", self.target, exc)

    def finish_exporting(self) -> None:
        if self._timer.running:
            self._timer.stop()
        self.flush()
        if self.buffer:
            self._save_unwritten(self.buffer)
            self.buffer.clear()
        if self.store is not None:
            try:
                stats = self.crawler.stats.get_stats()
                self.store.finish_run(self.run_id, self.counts, stats, stats.get("finish_reason"))
            except (sqlite3.Error, *POSTGRES_ERRORS):
                logger.error("Could not record the run in %s", self.target, exc_info=True)
            if isinstance(self.store, ArticleStore):
                self._verify(self.store)
            self.store.close()
            self.store = None

    def _verify(self, store: ArticleStore) -> None:
        """Check that the archive's file holds what this crawl wrote; keep what it lacks.

        A crawl must never report an article stored that is not in the file
        it leaves behind: the rows found missing are read back through the
        crawl's own connection, which still reads the file it wrote, and
        saved beside the archive.
        """
        try:
            found = store.verify(self.run_id)
        except sqlite3.Error as exc:
            self.stats.inc_value(stat_key("sqlite", "verify", "errors"))
            logger.error("Could not check what was written to %s: %s", self.target, exc)
            return
        if found.ok:
            self.stats.inc_value(stat_key("sqlite", "verify", "ok"))
            return
        self.stats.inc_value(stat_key("sqlite", "verify", "failed"))
        if found.replaced:
            logger.error(
                "%s is no longer the file this crawl wrote to (deleted or replaced meanwhile)",
                self.target,
            )
        if not found.run_recorded:
            logger.error("The run is not recorded in %s", self.target)
        if not found.missing:
            return
        self.stats.inc_value("sqlite/lost", len(found.missing))
        logger.error(
            "%d articles this crawl wrote are not in %s; reading them back",
            len(found.missing),
            self.target,
        )
        try:
            recovered = list(store.written_records(found.missing))
        except sqlite3.Error as exc:
            logger.error("Could not read them back: %s", exc)
            return
        self._save_unwritten(recovered)

    def _save_unwritten(self, records: list[dict[str, Any]]) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%S")
        path = self.target.unsaved_path(stamp)
        with path.open("a", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stats.inc_value("sqlite/unsaved", len(records))
        logger.error("%d articles could not be stored; saved to %s", len(records), path)


class GzipJsonLinesItemExporter(JsonLinesItemExporter):
    """JSON Lines compressed with gzip (``-O articles.jsonl.gz``)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        self._gzip = gzip.GzipFile(fileobj=file, mode="wb")
        super().__init__(self._gzip, **kwargs)

    def finish_exporting(self) -> None:
        self._gzip.close()
