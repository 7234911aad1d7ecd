"""``scrapy crawl hankyung``: 한국경제 from its news sitemaps and RSS feeds.

Arguments: ``-a date=YYYY-MM-DD`` backfills one day from the daily sitemap;
``-a urls=U1,U2`` or ``-a urls_file=FILE`` crawls the given articles only.
"""

from __future__ import annotations

from crawler.sites import SITES
from crawler.spiders.base import NewsSpider


class HankyungSpider(NewsSpider):
    name = "hankyung"
    site = SITES["hankyung"]
    allowed_domains = site.domains
