"""``scrapy crawl sedaily``: see :mod:`crawler.sites.sedaily` for its discovery and parsing."""

from __future__ import annotations

from crawler.sites import SITES
from crawler.spiders.base import NewsSpider


class SedailySpider(NewsSpider):
    name = "sedaily"
    site = SITES["sedaily"]
    allowed_domains = site.domains
