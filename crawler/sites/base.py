"""What every site module provides, and the behaviour they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from parsel import Selector

from crawler.extract.metadata import PageMeta
from crawler.extract.page import Span
from crawler.items import Article, Author, Image


@dataclass(frozen=True)
class Layout:
    """A page layout the site's parser knows, and the publication days of its saved pages."""

    name: str
    saved: tuple[str, ...] = ()
    """``YYYY-MM-DD`` of each saved page of this layout in ``tests/fixtures/<site>/``
    (a test checks them); empty for a layout parsed without a saved page."""


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
    sitemaps: tuple[str, ...] = ()
    """News sitemaps of the latest articles: the primary discovery path."""
    feeds: tuple[str, ...] = ()
    """RSS feeds: the secondary discovery path."""
    daily_sitemap: str | None = None
    """Sitemap of one day's articles, formatted with ``day`` (a date)."""
    layouts: tuple[Layout, ...] = ()
    """The article page layouts :meth:`parse_article` is written for, newest first."""
    article_span: Span | None = None
    """The part of an article page's body that :meth:`parse_article` reads, if
    it reads only one: the page is parsed without the rest. Every saved page
    of the site must parse the same with and without it (a test checks)."""

    def owns(self, url: str) -> bool:
        """True when *url* is on one of the site's domains."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def discovery_urls(self, day: date | None = None) -> list[str]:
        """Sitemaps and feeds to start from; the daily sitemap of *day* when given."""
        if day is not None:
            return [self.daily_sitemap.format(day=day)] if self.daily_sitemap else []
        return [*self.sitemaps, *self.feeds]

    @abstractmethod
    def canonical_url(self, url: str) -> str | None:
        """The canonical form of an article URL, or None when *url* is no article."""

    @abstractmethod
    def article_id(self, url: str) -> str | None:
        """The site's own id of the article at *url*, or None."""

    @abstractmethod
    def parse_article(self, selector: Selector, url: str) -> Article:
        """Parse an article page into an :class:`Article`."""

    def assemble(
        self,
        url: str,
        meta: PageMeta,
        *,
        title: str,
        paragraphs: list[str],
        subtitles: list[str] | None = None,
        authors: list[Author] | None = None,
        images: list[Image] | None = None,
        published_at: str | None = None,
        modified_at: str | None = None,
        section: str | None = None,
        keywords: list[str] | None = None,
        origin: str | None = None,
    ) -> Article:
        """Build the record from what the site's selectors found, falling back to metadata.

        Bylines and wire markers are taken out of *paragraphs* here, and the
        reporters they name merged with *authors* (e-mails filled in by name).
        """
        canonical = self.canonical_url(meta.canonical) or self.canonical_url(url) or url
        named = authors or [Author(name=name) for name in meta.authors]
        published = published_at or meta.published_at
        modified = modified_at or meta.modified_at
        if modified is not None and published is not None and modified < published:
            modified = published
        return Article(
            url=canonical,
            source=self.key,
            article_id=self.article_id(canonical),
            title=title or meta.title,
            subtitles=subtitles or [],
            body="\n\n".join(paragraphs),
            authors=named,
            section=section or meta.section,
            keywords=keywords or meta.keywords,
            images=images if images is not None else [Image(url=u) for u in meta.images],
            published_at=published,
            modified_at=modified,
            origin=origin,
        )
