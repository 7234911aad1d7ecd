"""Clean every article, whatever parser produced it (see :mod:`crawler.extract.clean`).

Counts each removal as ``clean/removed/<rule>`` and each move as
``clean/moved/<field>``. ``CLEAN_DISABLED_RULES`` switches rules off by name
(``-s CLEAN_DISABLED_RULES=photo_credit,toolbar``).
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.extract.clean import clean_record
from crawler.extract.furniture import RULES
from crawler.items import Article, Author, Image, as_record
from crawler.utils.stats import stat_key


class CleanPipeline:
    """Normalise text, drop page furniture and repeats, move bylines into fields."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        disabled = set(crawler.settings.getlist("CLEAN_DISABLED_RULES"))
        unknown = disabled - {rule.name for rule in RULES}
        if unknown:
            raise ValueError(f"CLEAN_DISABLED_RULES names unknown rules: {sorted(unknown)}")
        self.rules = tuple(rule for rule in RULES if rule.name not in disabled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        record = as_record(item)
        report = clean_record(record, self.rules)
        if isinstance(item, Article):
            record["authors"] = [Author(**a) for a in record["authors"]]
            record["images"] = [Image(**i) for i in record["images"]]
        for name, value in record.items():
            adapter[name] = value
        for name, count in report.removed.items():
            if count:
                self.stats.inc_value(stat_key("clean", "removed", name), count)
        for name, count in report.moved.items():
            if count:
                self.stats.inc_value(stat_key("clean", "moved", name), count)
        return item
