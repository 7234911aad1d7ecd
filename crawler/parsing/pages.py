"""Parse a downloaded page into an Article: the crawl's path, and the same without the engine.

The page cut to the span its site's parser reads, its charset checked, the
site's parser (or the generic extractor) over one selector tree; for tests,
benchmarks and re-parsing saved pages, :func:`parse_saved` adds the cleaning
pipeline's cleaning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from parsel import Selector

from crawler.extract.clean import clean_record
from crawler.extract.generic import parse_generic
from crawler.extract.page import decode_page, page_selector, trim
from crawler.items import Article
from crawler.sites import Site, site_for_url


def parse_with(site: Site | None, selector: Selector, url: str) -> Article:
    """The Article of the page in *selector*, by *site*'s parser or, without one, the generic."""
    return site.parse_article(selector, url) if site else parse_generic(selector, url)


Extent = Literal["span", "whole", "span_fallback"]
"""How much of a page was parsed: its site's span, the whole page (no span, or
a marker missing), or the whole page after the span gave no title or body."""


@dataclass
class ParsedPage:
    """A page's Article, and how the page was read."""

    article: Article
    repaired: bool
    """The page declared a charset it is not in, and was read as UTF-8."""
    extent: Extent


def parse_bytes(
    part: bytes, declared: str, url: str, site: Site | None, extent: Extent
) -> ParsedPage:
    """The Article of *part* of a page (all of it, or its span, as *extent* says)."""
    page = decode_page(part, declared)
    article = parse_with(site, page_selector(page, part), url)
    return ParsedPage(article, page.repaired, extent)


def parse_part(
    part: bytes, declared: str, url: str, site: Site | None, extent: Extent
) -> ParsedPage | None:
    """:func:`parse_bytes`, or None when a span yields no title or body.

    The step that can run in another process (:mod:`crawler.parsing.pool`): it
    takes bytes and returns the record, nothing bigger.
    """
    parsed = parse_bytes(part, declared, url, site, extent)
    if extent == "span" and not (parsed.article.title and parsed.article.body):
        return None
    return parsed


def page_part(body: bytes, site: Site | None, *, whole: bool = False) -> tuple[bytes, Extent]:
    """What of *body* to parse first: its site's span, or all of it."""
    part = body if whole or site is None else trim(body, site.article_span)
    return part, "whole" if part is body else "span"


Step = tuple[Callable[..., ParsedPage | None], tuple[Any, ...]]
"""A parsing step: a function of bytes that can run in another process, and its arguments."""


def page_steps(
    body: bytes, declared: str, url: str, site: Site | None, *, whole: bool = False
) -> tuple[Step, Step]:
    """How to parse a downloaded page: its site's span first, then the whole page.

    The second step runs only when the first gives None: a span that yields
    neither title nor body means the page is laid out otherwise than the
    saved pages the span was drawn from, so a changed layout costs time,
    never the record. Callers run the steps here or in a worker process.
    """
    part, extent = page_part(body, site, whole=whole)
    return (
        (parse_part, (part, declared, url, site, extent)),
        (parse_bytes, (body, declared, url, site, "span_fallback")),
    )


def parse_page(
    body: bytes, declared: str, url: str, site: Site | None, *, whole: bool = False
) -> ParsedPage:
    """The Article of a downloaded page, parsed from its site's span unless *whole*."""
    (first, first_args), (fallback, fallback_args) = page_steps(
        body, declared, url, site, whole=whole
    )
    parsed = first(*first_args) or fallback(*fallback_args)
    assert parsed is not None
    return parsed


def parse_saved(
    body: bytes, url: str, declared: str = "utf-8", *, whole: bool = False
) -> dict[str, Any]:
    """The cleaned record of a saved page, as the crawl would store it (no ``fetched_at``).

    *whole* parses the whole page even where its site reads only a span.
    """
    record = asdict(parse_page(body, declared, url, site_for_url(url), whole=whole).article)
    clean_record(record)
    record.pop("fetched_at")
    return record
