"""``scrapy crawl edaily``: see :mod:`crawler.sites.edaily` for its discovery and parsing."""

from __future__ import annotations

from crawler.sites import SITES
from crawler.spiders.base import NewsSpider


class EdailySpider(NewsSpider):
    name = "edaily"
    site = SITES["edaily"]
    allowed_domains = site.domains
