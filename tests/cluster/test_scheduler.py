"""The leased scheduler against the real Redis: what a request's enqueueing leaves there."""

from __future__ import annotations

import pytest
import redis
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.cluster import LeasedScheduler


def open_scheduler(redis_url: str) -> LeasedScheduler:
    """A cluster worker's scheduler, opened on the test database of the real Redis."""
    crawler = get_crawler(
        Spider,
        settings_dict={
            "REDIS_URL": redis_url,
            "SCHEDULER": "crawler.cluster.LeasedScheduler",
            "DUPEFILTER_CLASS": "crawler.cluster.ExpiringDupeFilter",
            "CLUSTER_SEEN_SECONDS": 600,
        },
    )
    crawler.spider = Spider.from_crawler(crawler, name="cluster-test")
    scheduler = LeasedScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return scheduler


# scrapy-redis's own next_request still passes spider= to the stats collector.
@pytest.mark.filterwarnings(
    "ignore:Passing a 'spider' argument:scrapy.exceptions.ScrapyDeprecationWarning"
)
def test_a_request_is_seen_and_queued_in_one_step(redis_url: str) -> None:
    scheduler = open_scheduler(redis_url)
    crawler = scheduler.crawler
    server = redis.Redis.from_url(redis_url)
    article = Request("https://www.hankyung.com/article/2026042037091", priority=3)

    assert scheduler.enqueue_request(article) is True
    assert scheduler.enqueue_request(article.replace()) is False
    assert server.zcard(scheduler.queue.key) == 1
    assert server.scard(scheduler.df.key) == 1
    assert 0 < server.ttl(scheduler.df.key) <= 600
    [(_, score)] = server.zrange(scheduler.queue.key, 0, 0, withscores=True)
    assert score == -3

    popped = scheduler.next_request()
    assert popped.url == article.url
    assert server.zcard(scheduler.queue.key) == 0
    assert server.zcard(scheduler.leases_key) == 1
    assert crawler.stats.get_value("scheduler/enqueued/redis") == 1


def test_a_worker_dying_mid_enqueue_leaves_no_request_seen_and_unqueued(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduler = open_scheduler(redis_url)

    def die(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed between the seen-set and the queue")

    # scrapy-redis marked the request seen, then set the seen-set's expiry and
    # pushed it in further round trips: dying there lost the request.
    monkeypatch.setattr(scheduler.df.server, "expire", die)
    monkeypatch.setattr(scheduler.queue, "push", die)
    article = Request("https://www.hankyung.com/article/2026042037091")
    assert scheduler.enqueue_request(article) is True
    assert len(scheduler.queue) == 1
