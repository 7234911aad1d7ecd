"""Drop articles that are not usable records, with the reason in the stats.

A page whose parser found no title or no body (a layout change, an error
page served with 200, a gallery page) and text full of U+FFFD replacement
characters (a charset that nothing could decode) are dropped here, counted
as ``validate/dropped/<reason>``, and the crawl goes on.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.extract.page import REPLACEMENT
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Drop items that miss a required field or carry undecodable text."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.required = crawler.settings.getlist("VALIDATE_REQUIRED_FIELDS")
        self.max_replacement_ratio = crawler.settings.getfloat("VALIDATE_MAX_REPLACEMENT_RATIO")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in self.required:
            if not adapter.get(name):
                self._drop(adapter, f"no_{name}")
        text = f"{adapter.get('title', '')}{adapter.get('body', '')}"
        if text and text.count(REPLACEMENT) / len(text) > self.max_replacement_ratio:
            self._drop(adapter, "bad_charset")
        self.stats.inc_value(stat_key("validate", "passed"))
        return item

    def _drop(self, adapter: ItemAdapter, reason: str) -> None:
        self.stats.inc_value(stat_key("validate", "dropped", reason))
        raise DropItem(f"{reason}: {adapter.get('url')}")
