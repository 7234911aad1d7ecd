"""What every spider of the project shares: given URLs, discovery, article pages.

Spiders only decide what to fetch and which parser a page goes to; the
parsing itself lives in :mod:`crawler.sites` and :mod:`crawler.extract`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse

from crawler.extract.dates import iso_kst, utc_now_iso
from crawler.extract.feeds import Entry, read_discovery
from crawler.extract.page import is_truncated
from crawler.items import Article
from crawler.parsing.pool import ParsePool
from crawler.sites import Site
from crawler.spiders.backlog import Backlog
from crawler.spiders.given import GivenUrls
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)


class NewsSpider(scrapy.Spider):
    """Base of every spider: crawls given URLs, or discovers articles from feeds."""

    _backlog: Backlog
    """Discovered entries waiting to become requests (made in :meth:`from_crawler`)."""
    parser: ParsePool
    """Parses article pages, here or in worker processes (made in :meth:`from_crawler`)."""

    site: Site | None = None
    """The site this spider crawls; None for the routing ``article`` spider."""

    def __init__(
        self,
        *args: Any,
        urls: str | None = None,
        urls_file: str | None = None,
        date: str | None = None,
        since: str | None = None,
        until: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.given = GivenUrls(urls, urls_file)
        self.day = datetime.strptime(date, "%Y-%m-%d").date() if date else None
        self.since = _bound(since, "since")
        self.until = _bound(until, "until")
        self._batch_out = False
        """A batch was released since the crawl last ran dry."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._backlog = Backlog(crawler.settings.getint("DISCOVERY_BACKLOG_MEMORY"))
        spider.parser = ParsePool.from_crawler(crawler)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    def closed(self, reason: str) -> None:
        if self._backlog:
            logger.info("%d discovered entries were never fetched", len(self._backlog))
        self._backlog.close()
        self.given.close()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.given.total:
            for request in self._release_given():
                yield request
            return
        for request in self.discovery_requests(self.day):
            yield request

    def discovery_requests(self, day: date | None) -> Iterator[scrapy.Request]:
        if self.site is None:
            return
        if self.settings.get("REDIS_URL") and not _claim_discovery(self.crawler, self):
            logger.info("Another worker schedules this run's discovery")
            return
        urls = self.site.discovery_urls(day)
        if not urls:
            logger.warning("%s has no sitemap of a given day: nothing to backfill", self.site.name)
        for url in urls:
            # dont_filter: a resumed run (JOBDIR) must read the feeds again.
            yield scrapy.Request(url, callback=self.parse_discovery, priority=10, dont_filter=True)

    def route(self, url: str) -> Site | None:
        """The site whose parser handles *url*."""
        return self.site

    def article_request(self, url: str, entry: Entry | None = None) -> scrapy.Request | None:
        """A request for the article at *url*, in canonical form; None when it is no article."""
        site = self.route(url)
        canonical = site.canonical_url(url) if site is not None else url
        if canonical is None:
            self._count("discovery", "skipped", "not_article")
            logger.debug("Not an article URL, skipped: %s", url)
            return None
        article_id = site.article_id(canonical) if site is not None else None
        return scrapy.Request(
            canonical,
            callback=self.parse_article,
            cb_kwargs={"entry": entry},
            meta={"article_key": (site.key, article_id)} if site and article_id else {},
        )

    def parse_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow the article links (and child sitemaps) of a feed or sitemap."""
        found = read_discovery(response.body)
        self._count("discovery", found.kind)
        if found.kind == "unknown":
            logger.warning("Not a feed or sitemap, nothing discovered: %s", response.url)
            return
        if found.cut_short:
            self._count("discovery", "cut_short")
            logger.warning("Discovery document cut short, last entry left out: %s", response.url)
        entries = 0
        for entry in found.items:
            if isinstance(entry, str):
                yield response.follow(entry, callback=self.parse_discovery, priority=10)
                continue
            entries += 1
            when = entry.published_at or entry.lastmod
            if when and self.since and when < self.since:
                self._count("discovery", "skipped", "before_since")
                continue
            if when and self.until and when >= self.until:
                self._count("discovery", "skipped", "after_until")
                continue
            self._backlog.append(entry)
        self.crawler.stats.inc_value("discovery/entries", entries)
        if self._backlog.on_disk:
            self.crawler.stats.max_value("discovery/backlog_on_disk_max", self._backlog.on_disk)
        # One batch at a time: a sitemap index's hundred children would
        # otherwise each put a batch of requests in the scheduler at once.
        # Claimed before the first request is yielded: Scrapy reads this
        # generator while it parses the other children.
        if not self._batch_out and self._backlog:
            self._batch_out = True
            yield from self._release_backlog()

    def _release_backlog(self) -> Iterator[scrapy.Request]:
        """Requests for the next ``DISCOVERY_BATCH`` discovered entries.

        A sitemap of 100,000 entries scheduled at once would hold 100,000
        requests in memory; entries wait in the backlog, a few hundred bytes
        each (on disk beyond ``DISCOVERY_BACKLOG_MEMORY``), and become
        requests a batch at a time: the first with the first discovery
        document, each next one when the crawl runs dry.
        """
        batch = self.settings.getint("DISCOVERY_BATCH")
        released = 0
        while self._backlog and (released < batch or batch <= 0):
            entry = self._backlog.popleft()
            request = self.article_request(entry.url, entry)
            if request is not None:
                released += 1
                yield request
        if released:
            self._batch_out = True
            self._count("discovery", "batches")

    def _release_given(self) -> Iterator[scrapy.Request]:
        """Requests for the next ``DISCOVERY_BATCH`` given URLs (``-a urls_file``).

        As with discovered entries, a batch at a time: Scrapy takes every
        start request into its scheduler at once, and a file of 100,000 URLs
        held there as requests would cost some 2 KB of memory each.
        """
        for url in self.given.take(self.settings.getint("DISCOVERY_BATCH")):
            request = self.article_request(url)
            if request is not None:
                yield request

    @property
    def waiting(self) -> int:
        """Articles known but not yet requested: discovered entries in the backlog, and
        given URLs (``-a urls``) not released yet."""
        return len(self._backlog) + len(self.given)

    def spider_idle(self) -> None:
        self._batch_out = False
        if self.given:
            for request in self._release_given():
                self.crawler.engine.crawl(request)
            raise DontCloseSpider
        if not self._backlog:
            return
        for request in self._release_backlog():
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    async def parse_article(
        self, response: Response, entry: Entry | None = None
    ) -> AsyncIterator[Article]:
        """Parse an article page with its site's parser (or the generic one).

        The parsing itself may run in a worker process (:mod:`crawler.parsing.pool`).
        """
        if not isinstance(response, TextResponse):
            self._reject(response, "not_text")
            return
        if is_truncated(response.body):
            self._reject(response, "truncated")
            return
        try:
            parsed = await self.parser.parse(
                response.body, response.encoding, response.url, self.route(response.url)
            )
        except Exception:
            logger.exception("Parser failed on %s", response.url)
            self._count("article", "parse_error")
            return
        if parsed.repaired:
            self._count("article", "charset_repaired")
            logger.info(
                "Page declares %s but is UTF-8, read as UTF-8: %s", response.encoding, response.url
            )
        if parsed.extent == "span_fallback":
            logger.info("Article span gave no title or body, whole page parsed: %s", response.url)
        self._count("article", "extent", parsed.extent)
        article = parsed.article
        if entry is not None and article.published_at is None:
            article.published_at = entry.published_at
        article.fetched_at = _fetched_at(response)
        self._count("article", "parsed", article.source)
        yield article

    def _reject(self, response: Response, reason: str) -> None:
        self._count("article", "rejected", reason)
        logger.warning("Page rejected (%s): %s", reason, response.url)

    def _count(self, *parts: str) -> None:
        self.crawler.stats.inc_value(stat_key(*parts))


def _bound(text: str | None, name: str) -> str | None:
    """``-a since=2026-04-20[T09:00]`` as ISO 8601 KST text, comparable with entry dates."""
    if not text:
        return None
    try:
        datetime.fromisoformat(text)  # no "yesterday": a bound is a date or a time of day
    except ValueError:
        raise ValueError(f"-a {name}= takes YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {text!r}") from None
    return iso_kst(text)


def _fetched_at(response: Response) -> str:
    """When the page was fetched: the archive's record date in a replay, else now."""
    saved = response.meta.get("fetched_at")
    if saved:
        try:
            value = datetime.fromisoformat(saved)
        except ValueError:
            value = None
        if value is not None:
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            return value.astimezone(UTC).isoformat(timespec="seconds")
    return utc_now_iso()


def _claim_discovery(crawler: Crawler, spider: scrapy.Spider) -> bool:
    from crawler.cluster import claim_discovery  # the [cluster] extra: only with REDIS_URL

    return claim_discovery(crawler, spider)
