"""``-a since=… -a until=…``: only the discovered articles published in between are requested."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.spiders.hankyung import HankyungSpider
from tests.conftest import FIXTURES

FEED = FIXTURES / "hankyung/rss-feed-economy-20260420.xml"


def published_times() -> list[datetime]:
    """The feed's ``pubDate``s, read apart from the crawler's own feed parsing."""
    text = FEED.read_text(encoding="utf-8")
    return [
        parsedate_to_datetime(part.split("</pubDate>")[0]) for part in text.split("<pubDate>")[1:]
    ]


def discover(**bounds: str) -> tuple[list[str], dict]:
    crawler = get_crawler(HankyungSpider, {"DISCOVERY_BATCH": 0})
    spider = HankyungSpider.from_crawler(crawler, **bounds)
    crawler.spider = spider
    crawler.stats.open_spider()
    response = XmlResponse("https://www.hankyung.com/feed/economy", body=FEED.read_bytes())
    urls = [request.url for request in spider.parse_discovery(response)]
    spider.closed("finished")
    return urls, crawler.stats.get_stats()


def test_entries_outside_the_window_are_skipped_and_counted() -> None:
    since, until = "2026-04-20T17:00", "2026-04-20T17:20"
    times = published_times()
    low = datetime.fromisoformat(since + "+09:00")
    high = datetime.fromisoformat(until + "+09:00")
    inside = sum(1 for t in times if low <= t < high)
    assert 0 < inside < len(times) == 50
    urls, stats = discover(since=since, until=until)
    assert len(urls) == inside
    assert stats["discovery/skipped/before_since"] == sum(1 for t in times if t < low)
    assert stats["discovery/skipped/after_until"] == sum(1 for t in times if t >= high)


def test_a_day_means_its_midnight_in_seoul() -> None:
    urls, stats = discover(since="2026-04-21")
    assert urls == [] and stats["discovery/skipped/before_since"] == 50
    urls, _ = discover(until="2026-04-21")
    assert len(urls) == 50


def test_no_bounds_requests_every_entry() -> None:
    urls, stats = discover()
    assert len(urls) == 50 and "discovery/skipped/before_since" not in stats


def test_a_bound_that_is_no_date_is_refused() -> None:
    with pytest.raises(ValueError, match="-a since= takes YYYY-MM-DD"):
        HankyungSpider(since="yesterday")
