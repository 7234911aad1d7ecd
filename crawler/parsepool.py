"""Article pages parsed in a worker process, so that a replay uses a second core.

A live crawl waits on the network: one request per site every few seconds.
A replay of an archive waits on nothing but the CPU, and Scrapy runs in one
thread: a replay used one core, although parsing, its largest single cost,
can run beside everything else. The spider hands the pool the part
of a page its site's parser reads and awaits the record; meanwhile the
reactor reads archive records, deduplicates and stores the articles parsed
before. A worker that dies is not a lost page: the pool parses in the crawl's
own process from then on, and says so in the log and the stats.

``PARSE_WORKERS`` sets the number of worker processes; unset, it is one when
replaying an archive of :data:`AUTO_MIN_PAGES` responses or more on a machine
with two CPUs or more, and none otherwise (a live crawl, or a replay too
small to pay for starting a process).
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

from crawler.parse import ParsedPage, page_steps
from crawler.sites import Site

logger = logging.getLogger(__name__)

AUTO_MIN_PAGES = 1000
"""Archive size from which a replay parses in a worker unless told otherwise."""


def worker_count(settings: BaseSettings, archive_pages: int) -> int:
    """Worker processes for a crawl: ``PARSE_WORKERS``, or the automatic choice."""
    configured = settings.get("PARSE_WORKERS")
    if configured not in (None, ""):
        return max(0, int(configured))
    replay = bool(settings.get("REPLAY"))
    return int(replay and archive_pages >= AUTO_MIN_PAGES and (os.cpu_count() or 1) > 1)


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
        self._workers: int | None = None
        """Decided at the first page, when the replay archive has been opened."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pool = cls(crawler)
        crawler.signals.connect(pool.close, signal=signals.spider_closed)
        return pool

    async def parse(self, body: bytes, declared: str, url: str, site: Site | None) -> ParsedPage:
        """The page's record, by :func:`~crawler.parse.page_steps`, each step in a worker."""
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
                _SHARED.release(executor, broken=True)
            return function(*args)

    def _executor_or_none(self) -> Executor | None:
        if self._workers is None:
            pages = int(self.crawler.stats.get_value("replay/archive_responses", 0))
            self._workers = worker_count(self.crawler.settings, pages)
            self.crawler.stats.set_value("parse/workers", self._workers)
            if self._workers:
                self._executor = _SHARED.acquire(self._workers)
        return self._executor

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
