"""Skip discovered articles the archive already holds and that have not changed since.

Incremental crawling is the default when the crawl writes to a SQLite archive
(``-o data/articles.db``): before an article found in a feed or sitemap is
downloaded, its key is looked up in the archive. It is skipped
(``incremental/skipped``) when stored and the feed's date (sitemap
``lastmod``, ``news:publication_date``, RSS ``pubDate``) is no newer than the
stored ``modified_at`` or ``published_at``; a newer date fetches it again
(``incremental/modified``). Articles given with ``-a urls=`` are always
fetched. ``-s INCREMENTAL=False`` forces a full re-fetch; ``-O`` starts a
fresh archive, so nothing is skipped. The archive may be SQLite or PostgreSQL.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.store.lookup import Lookup, archive_lookup
from crawler.store.records import is_later

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Ignore requests for stored, unmodified articles found by discovery."""

    def __init__(self, crawler: Crawler, lookup: Lookup) -> None:
        self.stats = crawler.stats
        self.lookup = lookup

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("INCREMENTAL"):
            raise NotConfigured
        lookup = archive_lookup(crawler.settings, appended_only=True)
        if lookup is None:
            raise NotConfigured
        return cls(crawler, lookup)

    def process_request(self, request: Request) -> None:
        key = request.meta.get("article_key")
        entry = request.cb_kwargs.get("entry")
        if key is None or entry is None:
            return
        try:
            stored, stored_date = self.lookup(tuple(key))
        except Exception as exc:
            logger.warning("Incremental check failed for %s (%s); fetching it", request.url, exc)
            return
        if not stored:
            return
        announced = entry.lastmod or entry.published_at
        # No stored date: nothing says the feed's entry is newer; leave it.
        if stored_date and is_later(announced, stored_date):
            self.stats.inc_value("incremental/modified")
            return
        self.stats.inc_value("incremental/skipped")
        raise IgnoreRequest(f"stored and unchanged: {request.url}")
