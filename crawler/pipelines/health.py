"""Count how many parsed articles carry each core field, for health checks over time.

A site redesign that leaves a selector matching nothing shows up first as a
field that stops being filled. Counted before validation drops anything:
``health/parsed`` and ``health/has/<field>``.
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.health import REPORTED_FIELDS
from crawler.utils.stats import stat_key


class HealthPipeline:
    """Count field coverage of every article that reaches the pipelines."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        self.stats.inc_value("health/parsed")
        for field in REPORTED_FIELDS:
            if adapter.get(field):
                self.stats.inc_value(stat_key("health", "has", field))
        return item
