"""Write the crawl's final stats to a JSON file (``-s STATS_FILE=stats.json``).

For scripts, cron wrappers and tests that need the counters of a finished
crawl without parsing its log.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class StatsFile:
    """Dump ``crawler.stats`` as JSON when the spider closes."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured("STATS_FILE is not set")
        extension = cls(crawler, Path(path))
        # After the stats collector's own spider_closed has set finish_reason.
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, reason: str) -> None:
        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(
                json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=True, default=str),
                encoding="utf-8",
            )
        except OSError:
            logger.error("Could not write stats to %s", self.path, exc_info=True)
