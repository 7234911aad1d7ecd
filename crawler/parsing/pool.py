"""Article pages parsed in a worker process, so that a replay uses a second core.

A live crawl waits on the network: one request per site every few seconds.
A replay of an archive waits on nothing but the CPU, and Scrapy runs in one
thread: a replay used one core, although parsing, its largest single cost,
can run beside everything else. The spider hands the pool the part
of a page its site's parser reads and awaits the record; meanwhile the
reactor reads archive records, deduplicates and stores the articles parsed
before. A worker that dies is not a lost page: the pool parses in the crawl's
own process from then on, and says so in the log and the stats.

``PARSE_WORKERS`` sets the number of worker processes. Unset, a replay on a
machine with two CPUs or more starts one as soon as :data:`AUTO_MIN_PENDING`
pages or more wait to be crawled (requests in the scheduler and discovered
entries not yet requested), at the first page or later, when discovery has
found them; a live crawl (bound by the network and the sites' delays) and a
replay too small to pay for starting a process parse in the crawl's own.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from crawler.parsing.pages import ParsedPage, page_steps
from crawler.sites import Site

logger = logging.getLogger(__name__)

AUTO_MIN_PENDING = 300
"""Pages waiting from which a replay starts a worker unless told otherwise.

Measured on real-size pages (``python -m bench.reparse``): a worker takes
about 0.5 s to start and saves about 1.7 ms a page, so it pays from about
300 pages on; a crawl of 150 pages took 1.9 s without one and 2.4 s with.
"""


def configured_workers(settings: BaseSettings) -> int | None:
    """``PARSE_WORKERS`` when set, else None (the automatic choice)."""
    configured = settings.get("PARSE_WORKERS")
    return None if configured in (None, "") else max(0, int(configured))


def worker_pays(settings: BaseSettings, pending: int) -> bool:
    """The automatic choice: a replay, two CPUs or more, and enough pages waiting."""
    replay = bool(settings.get("REPLAY"))
    return replay and pending >= AUTO_MIN_PENDING and (os.cpu_count() or 1) > 1


def _start_worker(parent: int) -> None:
    """Worker initializer: the crawl alone decides when its worker stops.

    Ctrl-C reaches the whole process group; the crawl's first one asks for a
    graceful stop, in which the pages in hand are still parsed, so the
    worker ignores it and ends when the pool is shut down. A crawl killed
    with ``kill -9`` cannot shut it down, and an orphaned worker would hold
    the crawl's output pipes open for ever: it watches its parent instead.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="watch-crawl", daemon=True).start()


def _peak_rss_mb() -> float:
    """The worker's own peak memory.

    From ``VmHWM`` where Linux has it: ``ru_maxrss`` survives ``exec``, and
    a spawned worker would report the crawl's peak at the time it started.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _SharedWorkers:
    """The worker processes of this process, shared by its crawls.

    ``scrapy crawlall`` runs every site's crawl in one process: a pool of
    their own would give five sites five workers on a machine of two CPUs.
    The first crawl to need workers starts them (as many as it asks for);
    the last to close stops them.
    """

    def __init__(self) -> None:
        self.executor: ProcessPoolExecutor | None = None
        self.users = 0

    def acquire(self, workers: int) -> ProcessPoolExecutor:
        if self.executor is None:
            # spawn, not fork: forking the reactor's process copies its
            # threads' locks in whatever state they are.
            self.executor = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            self.users = 0
            logger.info("Parsing article pages in %d worker process(es)", workers)
        self.users += 1
        return self.executor

    def release(self, executor: Executor, *, broken: bool = False) -> None:
        """One crawl is done with *executor*; a broken one is dropped at once."""
        if executor is not self.executor:
            return  # dropped already, broken
        self.users -= 1
        if broken or self.users == 0:
            self.executor = None
            executor.shutdown(wait=not broken, cancel_futures=True)


_SHARED = _SharedWorkers()


class ParsePool:
    """Parse article pages in worker processes, or in this one without workers."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._executor: Executor | None = None
        self._workers = configured_workers(crawler.settings)
        """Set, or None while the automatic choice has started none."""
        self._broken = False
        """A worker died: this crawl parses in its own process from then on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pool = cls(crawler)
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    async def parse(self, body: bytes, declared: str, url: str, site: Site | None) -> ParsedPage:
        """The page's record, by :func:`~crawler.parsing.pages.page_steps`, each in a worker."""
        (first, first_args), (fallback, fallback_args) = page_steps(body, declared, url, site)
        parsed = await self._run(first, *first_args)
        if parsed is None:
            parsed = await self._run(fallback, *fallback_args)
        return parsed

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        executor = self._executor_or_none()
        if executor is None:
            return function(*args)
        try:
            return await asyncio.wrap_future(executor.submit(function, *args))
        except BrokenProcessPool:
            if self._executor is executor:  # the first of the pages it held to fail
                logger.error("A parse worker died: parsing in the crawl's own process from now on")
                self.crawler.stats.inc_value("parse/workers_broken")
                self._executor = None
                self._broken = True
                _SHARED.release(executor, broken=True)
            return function(*args)

    def _executor_or_none(self) -> Executor | None:
        if self._executor is not None or self._broken:
            return self._executor
        if self._workers is None and worker_pays(self.crawler.settings, self._pending()):
            self._workers = 1
        if self._workers:
            self._executor = _SHARED.acquire(self._workers)
        self.crawler.stats.set_value("parse/workers", self._workers or 0)
        return self._executor

    def _pending(self) -> int:
        """Pages waiting to be crawled: scheduled requests and discovered entries."""
        stats = self.crawler.stats
        scheduled = int(stats.get_value("scheduler/enqueued", 0)) - int(
            stats.get_value("scheduler/dequeued", 0)
        )
        spider = self.crawler.spider
        return scheduled + int(getattr(spider, "waiting", 0))

    def close(self) -> None:
        """Record a worker's peak memory, and let the workers go."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        try:
            peak = executor.submit(_peak_rss_mb).result(timeout=10)
            self.crawler.stats.set_value("parse/worker_peak_rss_mb", round(peak, 1))
        except Exception:
            logger.warning("Could not read the parse worker's memory", exc_info=True)
        _SHARED.release(executor)
