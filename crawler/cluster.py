"""Several workers, one frontier: scrapy-redis with leases, so that a dead worker loses nothing.

``-s REDIS_URL=redis://host:6379/0`` turns any spider of the project into a
worker of a cluster (by :class:`crawler.addons.ClusterAddon`). Requests and the
seen-set live in Redis, keyed per site (scrapy-redis's ``<spider>:requests``
and ``<spider>:dupefilter``). Needs the ``[cluster]`` extra.

scrapy-redis pops a request before it is done, so a worker killed with
``kill -9`` would lose what it held. Here every popped request is leased:
recorded in ``<spider>:leases`` with an expiry (``CLUSTER_LEASE_SECONDS``).
Any worker, when idle, reaps expired leases: an article the archive holds is
done; any other request goes back into the queue, up to
``CLUSTER_MAX_ATTEMPTS`` times. Workers stay up while leases are out, so the
survivors finish a dead worker's share themselves; a restarted worker reaps
first.

Discovery (sitemaps and feeds) is scheduled by the one worker that claims
``<spider>:discovery`` (an expiring key), not by every worker.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.spiders import Spider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

logger = logging.getLogger(__name__)

STARTUP_GRACE = 10.0
"""Seconds a new worker stays up with an empty queue before it may close."""


class ExpiringDupeFilter(RFPDupeFilter):
    """scrapy-redis's seen-set, forgotten ``CLUSTER_SEEN_SECONDS`` after its last addition.

    A seen-set kept for ever would stop tomorrow's run from fetching an
    article that was updated; a day is longer than any run.
    """

    ttl = 86_400

    @classmethod
    def from_spider(cls, spider: Spider) -> ExpiringDupeFilter:
        dupefilter = super().from_spider(spider)
        dupefilter.ttl = spider.settings.getint("CLUSTER_SEEN_SECONDS")
        return dupefilter

    def request_seen(self, request: Request) -> bool:
        seen = super().request_seen(request)
        if not seen:
            self.server.expire(self.key, self.ttl)
        return seen


_ENQUEUE_UNSEEN = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
    return 0
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
"""
"""Add a fingerprint to the seen-set and, if it is new, the request to the queue."""


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler, with a lease on every request a worker takes."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        settings = crawler.settings
        scheduler.lease_seconds = settings.getfloat("CLUSTER_LEASE_SECONDS")
        scheduler.max_attempts = settings.getint("CLUSTER_MAX_ATTEMPTS")
        scheduler.started = time.monotonic()
        scheduler.discovered = []
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.response_received, signal=signals.response_received)
        crawler.signals.connect(scheduler.item_done, signal=signals.item_scraped)
        crawler.signals.connect(scheduler.item_done, signal=signals.item_dropped)
        return scheduler

    def open(self, spider: Spider) -> Any:
        result = super().open(spider)
        self.leases_key = f"{spider.name}:leases"
        self.payloads_key = f"{spider.name}:leased"
        self._enqueue_unseen = self.server.register_script(_ENQUEUE_UNSEEN)
        self.reap()
        return result

    def enqueue_request(self, request: Request) -> bool:
        """Mark *request* seen and queue it in one step, in Redis.

        scrapy-redis adds the fingerprint to the seen-set, then pushes the
        request, a round trip later: a worker killed in between left a
        request that every worker took for scheduled and none had. (The
        sitemap that listed it is fetched again when its lease expires, and
        the seen-set dropped the request again.)
        """
        atomic = isinstance(self.df, ExpiringDupeFilter) and isinstance(self.queue, PriorityQueue)
        if request.dont_filter or not atomic:
            return super().enqueue_request(request)
        added = self._enqueue_unseen(
            keys=[self.df.key, self.queue.key],
            args=[
                self.df.request_fingerprint(request),
                self.df.ttl,
                -request.priority,
                self.queue._encode_request(request),
            ],
        )
        if not added:
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request = super().next_request()
        if request is not None:
            self._lease(request)
        return request

    def _lease(self, request: Request) -> None:
        token = _token(request)
        request.meta["cluster_lease"] = token
        payload = json.dumps(
            {
                "request": self.queue._encode_request(request).decode("latin-1"),
                "attempts": request.meta.get("cluster_attempts", 0),
            }
        )
        pipe = self.server.pipeline()
        pipe.hset(self.payloads_key, token, payload)
        pipe.zadd(self.leases_key, {token: time.time() + self.lease_seconds})
        pipe.execute()

    def release(self, request: Request) -> None:
        """The request needs no second try: drop its lease."""
        token = request.meta.get("cluster_lease")
        if token:
            pipe = self.server.pipeline()
            pipe.zrem(self.leases_key, token)
            pipe.hdel(self.payloads_key, token)
            pipe.execute()

    def response_received(self, response: Response, request: Request) -> None:
        # An error page is done when it arrives; an article when its item has
        # been stored or dropped. A discovery document (sitemap, feed) is done
        # once every request its callback yields is in the shared queue, which
        # is certain only when this worker is next idle: a worker killed while
        # scheduling a sitemap's thousand requests leaves its lease to expire,
        # and another worker fetches the sitemap again (the shared seen-set
        # drops what was already scheduled).
        if response.status >= 400:
            self.release(request)
        elif "article_key" not in request.meta:
            self.discovered.append(request)

    def item_done(self, item: Any, response: Response, **kwargs: Any) -> None:
        # item_scraped comes after every item pipeline: the store pipeline
        # (with a batch of one) has committed the item by then.
        if response is not None and response.request is not None:
            self.release(response.request)

    def reap(self) -> int:
        """Requeue the expired leases whose article the archive does not hold."""
        expired = self.server.zrangebyscore(self.leases_key, 0, time.time())
        requeued = 0
        for token in expired:
            if not self.server.zrem(self.leases_key, token):
                continue  # another worker reaped it first
            payload = self.server.hget(self.payloads_key, token)
            self.server.hdel(self.payloads_key, token)
            if payload is None:
                continue
            entry = json.loads(payload)
            request = self.queue._decode_request(entry["request"].encode("latin-1"))
            key = request.meta.get("article_key")
            if key and _stored(self.crawler, tuple(key)):
                self.stats.inc_value("cluster/lease/done")
                continue
            if entry["attempts"] + 1 >= self.max_attempts:
                self.stats.inc_value("cluster/lease/given_up")
                logger.warning("Giving up %s after %d attempts", request.url, self.max_attempts)
                continue
            request.meta["cluster_attempts"] = entry["attempts"] + 1
            request.dont_filter = True
            self.queue.push(request)
            self.stats.inc_value("cluster/lease/requeued")
            requeued += 1
        if requeued:
            logger.info("Requeued %d requests whose worker did not finish them", requeued)
        return requeued

    def spider_idle(self, spider: Spider) -> None:
        for request in self.discovered:
            self.release(request)
        self.discovered.clear()
        self.reap()
        outstanding = self.server.zcard(self.leases_key)
        # A worker that starts while another is still claiming discovery
        # waits a moment for the first requests to arrive.
        starting = time.monotonic() - self.started < STARTUP_GRACE
        if len(self.queue) or outstanding or starting:
            raise DontCloseSpider


def claim_discovery(crawler: Crawler, spider: Spider) -> bool:
    """True for the one worker that schedules this run's discovery."""
    from scrapy_redis.connection import from_settings

    server = from_settings(crawler.settings)
    ttl = int(crawler.settings.getfloat("CLUSTER_DISCOVERY_SECONDS"))
    return bool(server.set(f"{spider.name}:discovery", "1", nx=True, ex=ttl))


def _token(request: Request) -> str:
    return f"{request.method} {request.url}"


def _stored(crawler: Crawler, key: tuple[str, str]) -> bool:
    from crawler.store.lookup import archive_lookup

    lookup = archive_lookup(crawler.settings)
    return lookup is not None and lookup(key)[0]
