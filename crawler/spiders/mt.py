"""``scrapy crawl mt``: see :mod:`crawler.sites.mt` for its discovery and parsing."""

from __future__ import annotations

from crawler.sites import SITES
from crawler.spiders.base import NewsSpider


class MtSpider(NewsSpider):
    name = "mt"
    site = SITES["mt"]
    allowed_domains = site.domains
