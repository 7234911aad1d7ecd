"""Store every article that passed the other pipelines in the crawl's archive.

The archive is what ``-o``/``-O`` name (:mod:`crawler.store.target`): a SQLite
file or a PostgreSQL database, written through its store in batches of
``ARCHIVE_BATCH_SIZE`` items or of whatever arrived within
``ARCHIVE_BATCH_SECONDS``. ``-O`` empties it when the crawl is set up, before
any pipeline reads it (the dedupe state lives in the same file).

No article is lost: a batch that cannot be written (disk full, database
locked for too long) is kept and tried again with the next one; what is still
unwritten when the crawl ends goes to ``<archive>.unsaved-<time>.jsonl``; and
after the last commit the crawl checks that the file holds what it wrote
(another process may have replaced it), saving beside it what it lacks. Each
of these is counted under ``archive/*`` and fails the crawl's exit status.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import reactor
from twisted.internet.task import LoopingCall

from crawler.extract.dates import utc_now_iso
from crawler.items import as_record
from crawler.signals import archive_writing
from crawler.store.files import StoreError
from crawler.store.postgres import POSTGRES_ERRORS, PostgresStore
from crawler.store.records import WriteCounts
from crawler.store.sqlite import ArticleStore
from crawler.store.target import ArchiveTarget
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)


class StorePipeline:
    """Write items to the archive in batches, by count and by time; lose none."""

    def __init__(self, crawler: Crawler, target: ArchiveTarget) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.target = target
        self.batch_size = crawler.settings.getint("ARCHIVE_BATCH_SIZE")
        self.batch_seconds = crawler.settings.getfloat("ARCHIVE_BATCH_SECONDS")
        self.buffer: list[dict[str, Any]] = []
        self.counts = WriteCounts()
        self.store: ArticleStore | PostgresStore | None = None
        self.refused = False
        """``-O`` found another crawl writing to the archive: this crawl closes at once."""
        self.run_id = 0
        self._last_flush = time.monotonic()
        self._timer = LoopingCall(self._flush_if_due)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        target = ArchiveTarget.from_settings(crawler.settings)
        if target is None:
            raise NotConfigured  # no archive (-o/-O of a .db or PostgreSQL): nothing to say
        pipeline = cls(crawler, target)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        # Opened (and with -O emptied) as the crawl is set up: the other
        # pipelines open theirs, the dedupe state in the same file, after.
        pipeline._open_store()
        return pipeline

    def _open_store(self) -> None:
        timeout = self.crawler.settings.getfloat("SQLITE_TIMEOUT")
        try:
            self.store = self.target.open_store(timeout)
        except StoreError as exc:
            if exc.reason == "busy" and self.target.overwrite:
                self.refused = True
                self.stats.inc_value(stat_key("archive", "refused", exc.reason))
                logger.error("Cannot start a fresh archive: %s", exc)
                return
            self._open_failed(exc)
        except (sqlite3.Error, *POSTGRES_ERRORS) as exc:
            self._open_failed(exc)
        if self.store is not None and self.target.overwrite:
            logger.info("Starting a fresh archive at %s (-O)", self.target)

    def _open_failed(self, exc: Exception) -> None:
        self.stats.inc_value("archive/open_errors")
        logger.error("Cannot write to %s (%s); keeping the articles aside", self.target, exc)

    def open_spider(self) -> None:
        if self.refused:
            # Closed at once: -O could not start the archive afresh, and adding
            # to what another crawl is writing is not what was asked.
            engine = self.crawler.engine
            reactor.callLater(  # type: ignore[attr-defined]
                0, lambda: deferred_from_coro(engine.close_spider_async(reason="archive_busy"))
            )
            return
        self._timer.start(self.batch_seconds, now=False)
        if self.store is None:
            return
        spider = self.crawler.spider.name if self.crawler.spider else "?"
        try:
            self.run_id = self.store.start_run(spider)
        except (sqlite3.Error, *POSTGRES_ERRORS) as exc:
            self._open_failed(exc)
            self.store.close()
            self.store = None
            return
        logger.info("Writing articles to %s (run %d)", self.target, self.run_id)

    def process_item(self, item: Any) -> Any:
        if self.refused:
            return item
        self.buffer.append(as_record(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def _flush_if_due(self) -> None:
        if time.monotonic() - self._last_flush >= self.batch_seconds:
            self.flush()

    def flush(self) -> None:
        """Write the buffered items in one transaction; keep them if that fails."""
        self._last_flush = time.monotonic()
        # Whoever holds a write transaction on the archive commits it first.
        self.crawler.signals.send_catch_log(archive_writing)
        if not self.buffer or self.store is None:
            return
        try:
            counts = self.store.write(self.buffer)
        except (sqlite3.Error, OSError, *POSTGRES_ERRORS) as exc:
            self.stats.inc_value("archive/write_errors")
            logger.error(
                "Could not write %d articles to %s (%s); keeping them for the next batch",
                len(self.buffer),
                self.target,
                exc,
            )
            return
        self.buffer.clear()
        self.counts.add(counts)
        self.stats.inc_value("archive/inserted", counts.inserted)
        self.stats.inc_value("archive/updated", counts.updated)
        self.stats.inc_value("archive/unchanged", counts.unchanged)
        self.stats.inc_value("archive/batches")
        self._record_progress()

    def _record_progress(self) -> None:
        """Put the run's counts and stats so far in its ``runs`` row, for ``scrapy report``
        (a long backfill shows how far it is) and for a run killed before it finishes."""
        assert self.store is not None
        self.stats.set_value("archive/progress_at", utc_now_iso())
        try:
            self.store.record_progress(self.run_id, self.counts, self.stats.get_stats())
        except (sqlite3.Error, *POSTGRES_ERRORS) as exc:
            self.stats.inc_value("archive/progress_errors")
            logger.warning("Could not record the run's progress in %s (%s)", self.target, exc)

    def close_spider(self) -> None:
        """Write what is left; keep aside what cannot be written."""
        if self._timer.running:
            self._timer.stop()
        self.flush()
        if self.buffer:
            self._save_unwritten(self.buffer)
            self.buffer.clear()

    def spider_closed(self, reason: str) -> None:
        """Record the run, check the file, close the store.

        On ``spider_closed``, after the pipelines have closed: the run's row
        takes the crawl's final stats and the reason it finished.
        """
        if self.store is None:
            return
        try:
            stats = {**self.stats.get_stats(), "finish_reason": reason}
            self.store.finish_run(self.run_id, self.counts, stats, reason)
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
            self.stats.inc_value(stat_key("archive", "verify", "errors"))
            logger.error("Could not check what was written to %s: %s", self.target, exc)
            return
        if found.ok:
            self.stats.inc_value(stat_key("archive", "verify", "ok"))
            return
        self.stats.inc_value(stat_key("archive", "verify", "failed"))
        if found.replaced:
            logger.error(
                "%s is no longer the file this crawl wrote to (deleted or replaced meanwhile)",
                self.target,
            )
        if not found.run_recorded:
            logger.error("The run is not recorded in %s", self.target)
        if not found.missing:
            return
        self.stats.inc_value("archive/lost", len(found.missing))
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
        path = self.target.unsaved_path(time.strftime("%Y%m%dT%H%M%S"))
        with path.open("a", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stats.inc_value("archive/unsaved", len(records))
        logger.error("%d articles could not be stored; saved to %s", len(records), path)
