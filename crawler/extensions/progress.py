"""Progress of a crawl: found, fetched, stored and skipped articles per site, and an ETA.

On a terminal it is a live line at the bottom (tqdm), log lines scrolling
above it; otherwise (cron, a pipe, a file) a log line every
``PROGRESS_INTERVAL`` seconds. Either starts only once the crawl has run
``PROGRESS_DELAY`` seconds, so a short crawl stays quiet, and ``-s
PROGRESS=0`` turns it off.

Counts are of article pages, per site: *found* are article requests
scheduled, *fetched* their responses, *stored* the records that passed every
pipeline (the archive writes them in batches), *skipped* the articles left
out as stored and unchanged (before fetching, by the incremental check, or
after, by deduplication) or dropped by validation. Discovered entries and
given URLs still waiting to become requests (``DISCOVERY_BATCH`` at a time)
count as found.
The ETA is the articles left at the rate of the last minute.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from twisted.internet import task

from crawler.extract.generic import SOURCE as GENERIC
from crawler.sites import site_for_url

logger = logging.getLogger(__name__)

RATE_WINDOW = 60.0
"""Seconds of history the rate (and so the ETA) is taken over."""


def site_of(url: str) -> str:
    """The ``source`` a record of *url* gets: its site's key, or the generic parser's."""
    site = site_for_url(url)
    return site.key if site else GENERIC


class Progress:
    """Count article pages per site and report them, live or in the log."""

    def __init__(self, crawler: Crawler, interval: float, delay: float, live: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.delay = delay
        self.live = live
        self.found: Counter[str] = Counter()
        self.fetched: Counter[str] = Counter()
        self.stored: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.history: deque[tuple[float, int]] = deque()
        self.started = 0.0
        self.reported = False
        self.task: task.LoopingCall | None = None
        self.bar: Any = None
        self.redirect = ExitStack()
        for handler, signal in (
            (self.spider_opened, signals.spider_opened),
            (self.spider_closed, signals.spider_closed),
            (self.request_scheduled, signals.request_scheduled),
            (self.response_received, signals.response_received),
            (self.item_scraped, signals.item_scraped),
            (self.item_dropped, signals.item_dropped),
        ):
            crawler.signals.connect(handler, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("PROGRESS"):
            raise NotConfigured
        live = settings.get("PROGRESS_LIVE")
        return cls(
            crawler,
            interval=settings.getfloat("PROGRESS_INTERVAL"),
            delay=settings.getfloat("PROGRESS_DELAY"),
            live=sys.stderr.isatty() if live in (None, "") else settings.getbool("PROGRESS_LIVE"),
        )

    # -- counting -------------------------------------------------------------

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        if _is_article(request):
            self.found[site_of(request.url)] += 1

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        if _is_article(request):
            self.fetched[site_of(request.url)] += 1

    def item_scraped(self, item: Any) -> None:
        self.stored[ItemAdapter(item).get("source") or GENERIC] += 1

    def item_dropped(self, item: Any) -> None:
        self.dropped[ItemAdapter(item).get("source") or GENERIC] += 1

    # -- reporting ------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.spider = spider
        tick = min(self.interval, 1.0) if self.live else self.interval
        self.task = task.LoopingCall(self.tick)
        self.task.start(tick, now=False)

    def tick(self) -> None:
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        counts, done, total = self.counts()
        pace = self.pace(now, done, total)
        self.reported = True
        if self.live:
            self._draw(counts, done, total)
        else:
            logger.info("Progress: %s — %s", counts, pace)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.bar is not None:
            counts, done, total = self.counts()
            self.pace(time.monotonic(), done, total)
            self._draw(counts, done, total)
            self.bar.close()
            self.redirect.close()
        if self.reported:
            counts, _, _ = self.counts()
            logger.info("Progress: %s (%s)", counts, reason)

    def counts(self) -> tuple[str, int, int]:
        """The counts per site, the articles done (fetched, or skipped before fetching)
        and those found."""
        # The incremental check skips before fetching, and only what discovery
        # found, which only a site's own spider does: they are its site's.
        before = int(self.crawler.stats.get_value("incremental/skipped", 0))
        skipped = Counter(self.dropped)
        if before:
            skipped[self.spider.name] += before
        waiting = getattr(self.spider, "waiting", 0)
        sites = sorted(set(self.found) | set(self.fetched) | set(self.stored) | set(skipped))
        parts = [
            f"{site} {self.found[site] + (waiting if site == self.spider.name else 0):,} found, "
            f"{self.fetched[site]:,} fetched, {self.stored[site]:,} stored, "
            f"{skipped[site]:,} skipped"
            for site in sites
        ]
        done = sum(self.fetched.values()) + before
        total = sum(self.found.values()) + waiting
        return "; ".join(parts) or "no article found yet", done, total

    def pace(self, now: float, done: int, total: int) -> str:
        """The rate, the articles left and the ETA, also put in the stats."""
        rate = self._rate(now, done)
        left = max(total - done, 0)
        self._publish(total, done, left, rate)
        eta = _clock(left / rate) if rate > 0 else "unknown"
        return f"{rate:,.1f} articles/s, {left:,} left, ETA {eta}"

    def _publish(self, found: int, done: int, left: int, rate: float) -> None:
        """The figures in the stats too: the archive records them with each batch, so
        ``scrapy report`` shows how far a long crawl is."""
        stats = self.crawler.stats
        stats.set_value("progress/found", found)
        stats.set_value("progress/done", done)
        stats.set_value("progress/left", left)
        stats.set_value("progress/rate", round(rate, 2))
        if rate > 0:
            stats.set_value("progress/eta_seconds", round(left / rate))

    def _rate(self, now: float, done: int) -> float:
        self.history.append((now, done))
        while len(self.history) > 2 and now - self.history[0][0] > RATE_WINDOW:
            self.history.popleft()
        first, count = self.history[0]
        return (done - count) / (now - first) if now > first else 0.0

    def _draw(self, counts: str, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, unit=" articles", dynamic_ncols=True, file=sys.stderr, leave=True
            )
            self.redirect.enter_context(_log_above(self.bar))
        self.bar.total = max(total, done)
        self.bar.n = done
        self.bar.set_description_str(counts, refresh=False)
        self.bar.refresh()


class _AboveBar:
    """A stream that prints above the live line: tqdm clears it, prints, and redraws it."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def write(self, text: str) -> None:
        self.bar.write(text, file=sys.stderr, end="")

    def flush(self) -> None:
        sys.stderr.flush()


@contextmanager
def _log_above(bar: Any) -> Iterator[None]:
    """Point the root logger's console handlers at the space above *bar*.

    The handlers themselves stay, with their level, format and filters (the
    redaction of passwords among them); only their stream changes.
    """
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and h.stream in (sys.stderr, sys.stdout)
    ]
    streams = [h.setStream(_AboveBar(bar)) for h in handlers]
    try:
        yield
    finally:
        for handler, stream in zip(handlers, streams, strict=True):
            handler.setStream(stream)


def _is_article(request: Request) -> bool:
    return getattr(request.callback, "__name__", None) == "parse_article"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
