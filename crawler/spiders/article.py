"""``scrapy crawl article -a urls=U1,U2`` (or ``-a urls_file=FILE``): given articles, any site.

Each URL goes to the parser of its site; a domain without a site module gets
the generic extraction (JSON-LD, Open Graph and ``article:*`` meta, and the
main text block).
"""

from __future__ import annotations

from typing import Any

from crawler.sites import Site, site_for_url
from crawler.spiders.base import NewsSpider


class ArticleSpider(NewsSpider):
    name = "article"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.given.total:
            raise ValueError("the article spider needs -a urls=URL[,URL…] or -a urls_file=FILE")

    def route(self, url: str) -> Site | None:
        # A page of a known outlet that its module does not take for an
        # article (another subdomain, a new URL scheme) still gets parsed,
        # by the generic extractor, rather than skipped.
        site = site_for_url(url)
        return site if site is not None and site.canonical_url(url) else None
