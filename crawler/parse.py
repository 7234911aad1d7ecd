"""Parse a page outside the crawler: tests, benchmarks and re-parsing saved pages.

The same code path as a crawl: the page's charset checked, the site's parser
(or the generic extractor) over one selector tree, then the cleaning
pipeline's cleaning, without the Scrapy engine.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from parsel import Selector

from crawler.extract.clean import clean_record
from crawler.extract.generic import parse_generic
from crawler.extract.page import decode_page, page_selector
from crawler.items import Article
from crawler.sites import Site, site_for_url


def parse_with(site: Site | None, selector: Selector, url: str) -> Article:
    """The Article of the page in *selector*, by *site*'s parser or, without one, the generic."""
    return site.parse_article(selector, url) if site else parse_generic(selector, url)


def parse_selector(selector: Selector, url: str) -> Article:
    """The Article of the page in *selector*, by the parser of its URL's site."""
    return parse_with(site_for_url(url), selector, url)


def parse_saved(body: bytes, url: str, declared: str = "utf-8") -> dict[str, Any]:
    """The cleaned record of a saved page, as the crawl would store it (no ``fetched_at``)."""
    page = decode_page(body, declared)
    record = asdict(parse_selector(page_selector(page, body), url))
    clean_record(record)
    record.pop("fetched_at")
    return record
