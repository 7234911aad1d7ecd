"""Deduplicate articles across URLs, re-fetches, outlets and runs.

Decisions (see :class:`crawler.dedupe.index.Verdict`), each counted in the
stats: the same article twice in a run is dropped (``dedupe/dropped/same_key``);
an article an earlier run stored, unchanged, is dropped
(``dedupe/dropped/unchanged``); a changed one passes on to update the stored
row in place (``dedupe/updated``); the same body under another key
(``dedupe/exact``) or a near duplicate of one (``dedupe/near``: wire copy
republished with another byline and footer) gets ``duplicate_of`` set to the
first-seen record's URL, or is dropped with ``DEDUPE_ACTION = "drop"``.

The state lives in the crawl's SQLite archive (``-o data/articles.db``), in
``DEDUPE_PATH`` when set, or else in memory for this run only.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.dedupe.index import DedupeIndex, Verdict
from crawler.signals import archive_writing
from crawler.store.files import StoreError
from crawler.store.target import ArchiveTarget
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)

_DROPPED = {Verdict.SAME_KEY, Verdict.UNCHANGED}
_DUPLICATES = {Verdict.EXACT, Verdict.NEAR}


class DedupePipeline:
    """Drop repeats, mark (or drop) duplicates, let updates through."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.action = settings.get("DEDUPE_ACTION")
        if self.action not in ("mark", "drop"):
            raise ValueError(f"DEDUPE_ACTION must be 'mark' or 'drop', not {self.action!r}")
        self.threshold = settings.getfloat("DEDUPE_THRESHOLD")
        self.num_perm = settings.getint("DEDUPE_NUM_PERM")
        self.commit_every = settings.getint("DEDUPE_COMMIT_EVERY")
        self.cache_mb = settings.getint("DEDUPE_CACHE_MB")
        self.timeout = settings.getfloat("SQLITE_TIMEOUT")
        archive = ArchiveTarget.from_settings(settings)
        in_archive = archive.sqlite_path if archive is not None else None
        self.path = settings.get("DEDUPE_PATH") or (str(in_archive) if in_archive else None)
        self.index: DedupeIndex | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.commit, signal=archive_writing)
        return pipeline

    def commit(self) -> None:
        """Commit the decisions made so far (the archive is about to write)."""
        if self.index is not None:
            self.index.commit()

    def open_spider(self) -> None:
        # The store pipeline has emptied the archive by now, with -O: it does
        # so as the crawl is set up, before any pipeline opens.
        self.index = self._open_index(self.path)

    def _open_index(self, path: str | None) -> DedupeIndex:
        try:
            index = DedupeIndex(
                path, self.threshold, self.num_perm, self.commit_every, self.cache_mb, self.timeout
            )
        except (StoreError, sqlite3.Error) as exc:
            if path is None:
                raise
            self.stats.inc_value(stat_key("dedupe", "state", "open_errors"))
            logger.error(
                "Cannot open the deduplication state in %s (%s); deduplicating within this run "
                "only",
                path,
                exc,
            )
            return self._open_index(None)
        logger.info("Deduplication state in %s", path or "memory (this run only)")
        return index

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        assert self.index is not None, "opened in open_spider"
        decision = self.index.decide(adapter)
        verdict = decision.verdict
        if verdict in _DROPPED:
            self.stats.inc_value(stat_key("dedupe", "dropped", verdict.value))
            raise DropItem(f"{verdict.value}: {adapter.get('url')}", log_level="INFO")
        if verdict in _DUPLICATES:
            self.stats.inc_value(stat_key("dedupe", verdict.value))
            if self.action == "drop":
                self.stats.inc_value(stat_key("dedupe", "dropped", verdict.value))
                raise DropItem(
                    f"{verdict.value} duplicate of {decision.duplicate_of}: {adapter.get('url')}",
                    log_level="INFO",
                )
            adapter["duplicate_of"] = decision.duplicate_of
            return item
        self.stats.inc_value(stat_key("dedupe", verdict.value))
        return item

    def close_spider(self) -> None:
        if self.index is not None and not self.index.close():
            self.stats.inc_value(stat_key("dedupe", "state", "replaced"))
            logger.error(
                "The deduplication state at %s was deleted or replaced during the crawl; "
                "what this crawl added to it is not there",
                self.path,
            )
