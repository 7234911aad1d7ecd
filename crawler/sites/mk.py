"""mk.co.kr — 매일경제.

URL: ``https://www.mk.co.kr/news/{section}/{id}``, id of 8 digits; mobile
``m.mk.co.kr/news/{section}/{id}`` maps to it. ``/en/`` and ``/cn/`` pages
are translations and not crawled. AMP pages (``m.mk.co.kr/amp/{id}``) carry
no section; they keep their id and take their canonical URL from the page.

Discovery: the Google-News sitemaps (``/sitemap/latest-articles/``), then the
headline RSS feed. Section list pages load more entries only by JavaScript.

Layouts: the 2024 and 2025 pages share ``h2.news_ttl`` and the body
container ``div.news_cnt_detail_wrap`` with ``p[refid]`` paragraphs, or text
split by ``<br><br>`` (world news); subtitles sit in ``div.midtitle_text``
inside the body container. The economy layout's ``div.article_body`` is the
fallback container. Reporters are ``dl.author`` boxes (name and e-mail).
Dates come from ``div.time_area`` (입력 / 수정, to the second, KST);
``article:published_time`` and JSON-LD (2025 pages only) are fallbacks.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from parsel import Selector

from crawler.extract.byline import strip_role
from crawler.extract.dates import parse_datetime, to_iso
from crawler.extract.images import figure_images
from crawler.extract.metadata import page_meta
from crawler.extract.page import Span
from crawler.extract.select import first, region
from crawler.extract.text import block_paragraphs, normalize, paragraphs, text_of
from crawler.items import Article, Author
from crawler.sites.base import Layout, Site

BASE = "https://www.mk.co.kr"
HOSTS = frozenset({"mk.co.kr", "www.mk.co.kr", "m.mk.co.kr"})
_NEWS_PATH = re.compile(r"^/news/([\w-]+)/(\d{7,9})/?$")
_AMP_PATH = re.compile(r"^/amp/(\d{7,9})/?$")

REGION = "container"
"""The id of the ``main`` element that holds headline, byline, dates and body
(the page header repeats the headline in a second ``h2.news_ttl``)."""
TITLE = "h2.news_ttl"
SUBTITLE = "div.midtitle_text"
BODY = "div.news_cnt_detail_wrap, div.article_body"
BODY_FURNITURE = (
    "div.mid_title, div.thumb_area, div[class*='ad_'], div[class*='_ad'], div#refTotal, aside"
)
REPORTERS = "dl.author"
DATES = "div.time_area dl.registration"


class MaeilBusiness(Site):
    key = "mk"
    name = "매일경제"
    layouts = (
        Layout(
            "2024–2025 news page (h2.news_ttl, div.news_cnt_detail_wrap)",
            ("2025-06-04", "2025-05-30", "2025-05-30", "2025-05-28", "2025-05-28", "2024-01-30"),
        ),
    )
    domains = ("mk.co.kr",)
    download_delay = 2.0
    sitemaps = (f"{BASE}/sitemap/latest-articles/",)
    feeds = (f"{BASE}/rss/30000001/",)
    daily_sitemap = BASE + "/sitemap/daily-articles/{day:%Y%m%d}/"
    # ``main#container``: headline, reporters, dates and body.
    article_span = Span(b"<main", b"</main>")

    def article_id(self, url: str) -> str | None:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in HOSTS:
            return None
        match = _NEWS_PATH.match(parts.path) or _AMP_PATH.match(parts.path)
        return match.groups()[-1] if match else None

    def canonical_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in HOSTS:
            return None
        match = _NEWS_PATH.match(parts.path)
        if match:
            return f"{BASE}/news/{match.group(1)}/{match.group(2)}"
        amp = _AMP_PATH.match(parts.path)
        return f"https://m.mk.co.kr/amp/{amp.group(1)}" if amp else None

    def parse_article(self, selector: Selector, url: str) -> Article:
        metadata = page_meta(selector, url)
        article = region(selector, REGION)
        container, paras = block_paragraphs(article, BODY, BODY_FURNITURE)
        subtitle = first(article, SUBTITLE)
        dates = _dates(article)
        return self.assemble(
            url,
            metadata,
            title=text_of(first(article, TITLE)),
            paragraphs=paras,
            subtitles=paragraphs(subtitle) if subtitle is not None else [],
            authors=_reporters(article),
            images=figure_images(container, self.canonical_url(metadata.canonical) or url),
            published_at=to_iso(dates.get("입력")),
            modified_at=to_iso(dates.get("수정")),
        )


def _reporters(selector: Selector) -> list[Author]:
    authors = []
    for box in selector.css(REPORTERS):
        name = strip_role(normalize(box.css("dt.name::text").get()))
        email = normalize(box.css("dd.email::text").get()).lower() or None
        if name and name not in {a.name for a in authors}:
            authors.append(Author(name=name, email=email))
    return authors


def _dates(selector: Selector) -> dict[str, datetime]:
    found = {}
    for entry in selector.css(DATES):
        label = normalize(entry.css("dt::text").get()).rstrip(" :")
        value = parse_datetime(entry.css("dd::text").get())
        if label and value is not None:
            found[label] = value
    return found


SITE = MaeilBusiness()
