"""Skip discovered articles the archive already holds and that have not changed since.

Incremental crawling is the default when the crawl writes to a SQLite archive
(``-o data/articles.db``): before an article found in a feed or sitemap is
downloaded, its key is looked up in the archive. It is skipped
(``incremental/skipped``) when stored and the feed's date (sitemap
``lastmod``, ``news:publication_date``, RSS ``pubDate``) is no newer than the
stored ``modified_at`` or ``published_at``; a newer date fetches it again
(``incremental/modified``). Articles given with ``-a urls=`` are always
fetched. ``-s INCREMENTAL=False`` forces a full re-fetch; ``-O`` starts a
fresh archive, so nothing is skipped.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.store.sqlite import sqlite_feed_paths

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Ignore requests for stored, unmodified articles found by discovery."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.stats = crawler.stats
        self.path = path
        self._db: sqlite3.Connection | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("INCREMENTAL"):
            raise NotConfigured
        appended = [
            path for path, overwrite in sqlite_feed_paths(crawler.settings) if not overwrite
        ]
        path = crawler.settings.get("INCREMENTAL_PATH") or (appended[0] if appended else None)
        if not path:
            raise NotConfigured
        return cls(crawler, Path(path))

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.path.exists():
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        return self._db

    def process_request(self, request: Request) -> None:
        key = request.meta.get("article_key")
        entry = request.cb_kwargs.get("entry")
        if key is None or entry is None:
            return
        db = self._connect()
        if db is None:
            return
        try:
            row = db.execute(
                "SELECT coalesce(modified_at, published_at) FROM articles "
                "WHERE source = ? AND article_id = ?",
                key,
            ).fetchone()
        except sqlite3.Error as exc:
            logger.warning("Incremental check failed for %s (%s); fetching it", request.url, exc)
            return
        if row is None:
            return
        announced = entry.lastmod or entry.published_at
        if announced and row[0] and announced > row[0]:
            self.stats.inc_value("incremental/modified")
            return
        self.stats.inc_value("incremental/skipped")
        raise IgnoreRequest(f"stored and unchanged: {request.url}")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
