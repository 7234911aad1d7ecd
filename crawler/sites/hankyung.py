"""hankyung.com — 한국경제.

URL: ``https://www.hankyung.com/article/{id}``, id = 12 digits and a digit or a
letter (``2024061295371``, ``202406120618i``); the letter is part of the id.
Legacy ``/{section}/article/{id}``, ``/news/article/…`` and AMP ``/amp/{id}``
forms map to it, and the query string is dropped.

Discovery: the Google-News sitemaps first (the ``/feed/*`` URLs have sat
behind a Cloudflare challenge for days while the sitemaps kept working), then
the RSS feeds.

Layouts: the 2024 and the 2026 article pages share the same containers
(``h1.headline``, ``div#articletxt``); the 2026 one adds ``div.summary``
subtitles and a reporter list. Dates: ``article:published_time`` wins for
publication, being to the second with an explicit offset; the 입력 line
(minutes) and JSON-LD are fallbacks. For the update time the later of JSON-LD
``dateModified`` and the 수정 line wins, never earlier than publication:
both are truncated to the minute, which once put ``dateModified`` five
seconds before ``datePublished``.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from crawler.extract.byline import WIRE_SERVICES
from crawler.extract.dates import parse_datetime, to_iso
from crawler.extract.images import figure_images
from crawler.extract.metadata import page_meta
from crawler.extract.page import Span
from crawler.extract.select import by_id, first, region
from crawler.extract.text import container_paragraphs, normalize, paragraphs, text_of
from crawler.items import Article, Author
from crawler.sites.base import Layout, Site

BASE = "https://www.hankyung.com"
HOSTS = frozenset({"hankyung.com", "www.hankyung.com", "m.hankyung.com"})
FEED_SECTIONS = (
    "economy",
    "finance",
    "realestate",
    "industry",
    "politics",
    "society",
    "international",
    "it",
    "life",
    "opinion",
)

_ID = r"\d{12}[0-9A-Za-z]"
_PATH_ID = re.compile(rf"/(?:article|amp)/({_ID})(?![0-9A-Za-z])")
_QUERY_ID = re.compile(rf"^{_ID}$")
_HK_TAG = re.compile(r"""hk_tag['"]?\s*:\s*(['"`])(.*?)\1""")

REGION = "container"
"""The id of the element that holds headline, dates, byline and body."""
TITLE = "h1.headline"
SUBTITLE = "div.article-body-wrap div.summary"
BODY = "articletxt"
"""The id of the body's ``div``."""
BODY_FURNITURE = (
    "div[class*='ad-'], div[class*='-ad'], div.ad, aside, "
    "div[class*='related'], div[class*='relation'], p.copyright"
)
DATES = "div.datetime span.item > span.txt-date"
REPORTERS = "div.article-byline-wrap div.author[data-name]"
BREADCRUMB = "nav.breadcrumb a::text"


class Hankyung(Site):
    key = "hankyung"
    name = "한국경제"
    layouts = (
        Layout("2026 article page (div.summary subtitles, reporter list)", ("2026-04-20",)),
        Layout("2024 article page (h1.headline, div#articletxt)", ("2024-01-29",)),
    )
    domains = ("hankyung.com",)
    download_delay = 3.0
    sitemaps = (f"{BASE}/sitemap/latest-article.xml",)
    feeds = (f"{BASE}/feed/all-news", *(f"{BASE}/feed/{section}" for section in FEED_SECTIONS))
    daily_sitemap = BASE + "/sitemap/daily-article/{day:%Y%m%d}.xml"
    # The ``article`` in ``div#container``: breadcrumb (2024), headline, byline,
    # dates, body; the hk_tag keywords sit in the head.
    article_span = Span(b'<div id="container"', b"</article>")

    def article_id(self, url: str) -> str | None:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in HOSTS:
            return None
        match = _PATH_ID.search(parts.path)
        if match:
            return match.group(1)
        aid = parse_qs(parts.query).get("aid", [""])[0]
        return aid if _QUERY_ID.match(aid) else None

    def canonical_url(self, url: str) -> str | None:
        article_id = self.article_id(url)
        return f"{BASE}/article/{article_id}" if article_id else None

    def parse_article(self, selector: Selector, url: str) -> Article:
        metadata = page_meta(selector, url)
        canonical = self.canonical_url(metadata.canonical) or url
        container = by_id(selector, BODY, "div")
        article = region(selector, REGION)
        subtitle = first(article, SUBTITLE)
        labelled = _labelled_dates(article)
        modified = [
            d for d in (parse_datetime(metadata.modified_at), labelled.get("수정")) if d is not None
        ]
        return self.assemble(
            url,
            metadata,
            title=text_of(first(article, TITLE)),
            paragraphs=container_paragraphs(container, BODY_FURNITURE),
            subtitles=paragraphs(subtitle) if subtitle is not None else [],
            authors=[
                Author(name=normalize(node.attrib["data-name"]))
                for node in article.css(REPORTERS)
                if normalize(node.attrib.get("data-name"))
            ],
            images=figure_images(container, canonical),
            published_at=metadata.published_at or to_iso(labelled.get("입력")),
            modified_at=to_iso(max(modified)) if modified else None,
            section=metadata.section or _last(selector.css(BREADCRUMB).getall()),
            keywords=_keywords(selector),
            origin=_wire(metadata.tags.get("article:section2")),
        )


def _last(values: list[str]) -> str | None:
    values = [normalize(v) for v in values if normalize(v)]
    return values[-1] if values else None


def _wire(label: str | None) -> str | None:
    return label if label in WIRE_SERVICES else None


def _labelled_dates(selector: Selector) -> dict[str, datetime]:
    """The 입력 / 수정 lines: label text followed by ``span.txt-date``."""
    found = {}
    for date in selector.css(DATES):
        label = normalize(date.root.getparent().text)
        value = parse_datetime(date.root.text)
        if label and value is not None:
            found[label] = value
    return found


def _keywords(selector: Selector) -> list[str]:
    """Tags from the page's analytics block (``hk_tag : '차이나 워치,중국 전기차'``)."""
    for script in selector.root.iter("script"):
        text = script.text or ""
        match = _HK_TAG.search(text) if "hk_tag" in text else None
        if match:
            return [normalize(t) for t in match.group(2).split(",") if normalize(t)]
    return []


SITE = Hankyung()
