"""Scrapy add-ons of the project, loaded by every crawl; each imports nothing optional."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.utils.extras import missing_extra


class ClusterAddon:
    """With ``REDIS_URL`` set, the crawl joins the Redis frontier (:mod:`crawler.cluster`).

    An add-on, because ``-s REDIS_URL=…`` arrives after ``settings.py`` is read.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REDIS_URL"):
            return
        message = missing_extra("scrapy_redis", "cluster", "REDIS_URL (several machines)")
        if message:
            raise RuntimeError(message)
        settings.set("SCHEDULER", "crawler.cluster.LeasedScheduler", priority="addon")
        # "project": it replaces the project's own DUPEFILTER_CLASS (set in
        # settings.py, which outranks an add-on).
        settings.set("DUPEFILTER_CLASS", "crawler.cluster.ExpiringDupeFilter", priority="project")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        # Each item is committed before its lease is released (item_scraped),
        # so that a worker dying with a batch in memory loses nothing.
        settings.set("ARCHIVE_BATCH_SIZE", 1, priority="project")
        # The frontier lives in Redis, not in memory: schedule discoveries at once.
        settings.set("DISCOVERY_BATCH", 0, priority="project")


REPLAY_IDLE_DOWNLOADER_MIDDLEWARES = (
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware",
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware",
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware",
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware",
    "scrapy.downloadermiddlewares.retry.RetryMiddleware",
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware",
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
)
"""What a request sent to a server needs (headers, cookies, a proxy, a timeout, retries of
network errors), and a saved response does not: it is the same however it is asked for."""


REPLAY_DEDUPE_COMMIT_EVERY = 100


class ReplayAddon:
    """With ``REPLAY`` set, the middlewares that do nothing for saved responses are off,
    and the dedupe state commits its decisions in batches.

    A replay's crawl process is its bottleneck. Each idle middleware runs twice
    a page (request and response) for nothing; the ones that decide what is
    crawled (robots.txt, offsite, URL length, redirects, the bot wall, the
    incremental skip) stay.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        if not settings.get("REPLAY"):
            return
        # "project": the project's own dict (settings.py) outranks an add-on.
        enabled = settings.getdict("DOWNLOADER_MIDDLEWARES")
        idle = dict.fromkeys(REPLAY_IDLE_DOWNLOADER_MIDDLEWARES)
        settings.set("DOWNLOADER_MIDDLEWARES", {**enabled, **idle}, priority="project")
        # Hundreds of dedupe decisions a second: a commit each cost a tenth of the
        # crawl process's time. 100 hold the write lock some 0.3 s.
        settings.set("DEDUPE_COMMIT_EVERY", REPLAY_DEDUPE_COMMIT_EVERY, priority="project")
