"""What every site module provides, and the behaviour they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from urllib.parse import urlsplit

from parsel import Selector

from crawler.items import Article


class Site(ABC):
    """A news site: its URL rules, where to discover articles, how to parse one.

    Subclasses are pure: they never import the Scrapy engine, so tests and
    re-parsing scripts call them on a :class:`parsel.Selector` directly.
    """

    key: str
    """Short name, used as the spider name and the record's ``source``."""
    name: str
    """The outlet's own name (한국경제)."""
    domains: tuple[str, ...]
    """Registrable domains the site serves articles from."""
    download_delay: float = 2.0
    """Seconds between two requests to the site."""

    def owns(self, url: str) -> bool:
        """True when *url* is on one of the site's domains."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    @abstractmethod
    def canonical_url(self, url: str) -> str | None:
        """The canonical form of an article URL, or None when *url* is no article."""

    @abstractmethod
    def article_id(self, url: str) -> str | None:
        """The site's own id of the article at *url*, or None."""

    @abstractmethod
    def discovery_urls(self, day: date | None = None) -> list[str]:
        """Sitemaps and feeds to start from; the daily sitemap of *day* when given."""

    @abstractmethod
    def parse_article(self, selector: Selector, url: str) -> Article:
        """Parse an article page into an :class:`Article`."""
