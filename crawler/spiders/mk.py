"""``scrapy crawl mk``: see :mod:`crawler.sites.mk` for its discovery and parsing."""

from __future__ import annotations

from crawler.sites import SITES
from crawler.spiders.base import NewsSpider


class MkSpider(NewsSpider):
    name = "mk"
    site = SITES["mk"]
    allowed_domains = site.domains
