"""sedaily.com — 서울경제.

URL: since 2026 ``https://www.sedaily.com/article/{number}``; before,
``/NewsView/{10 characters}`` (``/NewsVIew/`` in some links). Query
parameters (``ref``, ``inflow``, ``utm_*``) are dropped.

Discovery: the sitemap ``/sitemap/latestnews``, then the RSS feed
``/rss/newsall``.

No page of sedaily has been saved, of either layout: the body is taken from
``div#article-body[itemprop=articleBody]`` without its photo blocks (as
reported for the site) or else from the main text block, and everything else
from JSON-LD NewsArticle and ``article:*`` meta. The "뉴스 듣기 / 글자 크기"
toolbar block that opens the body is removed by the cleaning pipeline.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from crawler.extract.generic import main_text
from crawler.extract.images import figure_images
from crawler.extract.metadata import page_meta
from crawler.extract.select import by_id, first
from crawler.extract.text import container_paragraphs, text_of
from crawler.items import Article
from crawler.sites.base import Layout, Site

BASE = "https://www.sedaily.com"
_ARTICLE = re.compile(r"^/article/(\d{5,})/?$")
_NEWSVIEW = re.compile(r"^/NewsV[iI]ew/([0-9A-Za-z]{10})/?$")

TITLE = "h1.art_tit, h1.article-title, .article_head h1, h1"
BODY = "article-body"
"""The id of the body's ``div``."""
BODY_FURNITURE = ".article-photo-wrap, .art_photo, aside, div[class*='ad_'], div[class*='_ad']"


class SeoulEconomic(Site):
    key = "sedaily"
    name = "서울경제"
    layouts = (Layout("article page: div#article-body, JSON-LD and meta"),)
    domains = ("sedaily.com",)
    download_delay = 2.0
    sitemaps = (f"{BASE}/sitemap/latestnews",)
    feeds = (f"{BASE}/rss/newsall",)

    def article_id(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not self.owns(url):
            return None
        match = _ARTICLE.match(parts.path) or _NEWSVIEW.match(parts.path)
        return match.group(1) if match else None

    def canonical_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not self.owns(url):
            return None
        match = _ARTICLE.match(parts.path)
        if match:
            return f"{BASE}/article/{match.group(1)}"
        match = _NEWSVIEW.match(parts.path)
        return f"{BASE}/NewsView/{match.group(1)}" if match else None

    def parse_article(self, selector: Selector, url: str) -> Article:
        metadata = page_meta(selector, url)
        canonical = self.canonical_url(metadata.canonical) or url
        container = by_id(selector, BODY, "div")
        paras = container_paragraphs(container, BODY_FURNITURE)
        if container is None:
            container, paras, _ = main_text(selector, metadata)
        return self.assemble(
            url,
            metadata,
            title=text_of(first(selector, TITLE)),
            paragraphs=paras,
            images=figure_images(container, canonical) or None,
        )


SITE = SeoulEconomic()
