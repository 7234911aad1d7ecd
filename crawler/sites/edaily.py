"""edaily.co.kr — 이데일리.

URL: ``https://www.edaily.co.kr/News/Read?newsId={17 digits}&mediaCodeNo=257``;
only those two parameters are kept, and the ``v2.www`` and ``m`` hosts and the
RSS feed's ``newspath.asp?newsid=`` links map to it.

Discovery: the sitemaps (``/sitemap/latest-article.xml``), then the RSS feed.
robots.txt disallows Scrapy's default agent by name: the project's own agent
is not it.

Layout (2026, v2 PC pages): title ``.news_titles h1``, subtitles
``.subtitles span.stit02``, dates ``.dates p`` (등록 / 수정 with 오전/오후),
body ``div.news_body[itemprop=articleBody]`` with ``<br><br>`` paragraphs,
photos in tables with ``td.caption``, ad blocks inside the body, and the
reporter in ``p.reporter_name``. JSON-LD gives KST times with a +08:00
offset, so the ``article:published_time`` meta tag (+09:00) wins.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from crawler.extract.byline import strip_role
from crawler.extract.dates import parse_datetime, to_iso
from crawler.extract.metadata import page_meta
from crawler.extract.page import Span
from crawler.extract.select import every, first, region
from crawler.extract.text import block_paragraphs, normalize, paragraphs, text_of
from crawler.items import Article, Author, Image
from crawler.sites.base import Layout, Site

BASE = "https://www.edaily.co.kr"
_ID = re.compile(r"^\d{17}$")

REGION = "contents"
"""The id of the element that holds headline, dates, byline and body."""
HEADER = "div.news_titles"
"""The headline block, found once: title, subtitles and dates are inside it."""
TITLE = "h1"
SUBTITLE = ".subtitles span.stit02"
DATES = ".dates p::text"
BODY = "div.news_body"
BODY_FURNITURE = "table, div[id^='view_ad'], div[class*='view_ad'], div.gg_textshow, aside"
REPORTERS = "p.reporter_name a::text, p.reporter_name::text"


class Edaily(Site):
    key = "edaily"
    name = "이데일리"
    layouts = (Layout("2026 v2 PC page (.news_titles, div.news_body)", ("2026-04-20",)),)
    domains = ("edaily.co.kr",)
    download_delay = 2.0
    sitemaps = (f"{BASE}/sitemap/latest-article.xml",)
    feeds = ("http://rss.edaily.co.kr/edaily_news.xml",)
    # ``div#contents`` up to the sticky sidebar: header, reporter, body.
    article_span = Span(b'<div id="contents"', b'<div id="right-sticky-wrap"')

    def article_id(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not self.owns(url) or parts.hostname == "rss.edaily.co.kr":
            return None
        query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
        news_id = (query.get("newsid") or [""])[0]
        return news_id if _ID.match(news_id) else None

    def canonical_url(self, url: str) -> str | None:
        news_id = self.article_id(url)
        if news_id is None:
            return None
        query = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
        media = (query.get("mediacodeno") or ["257"])[0]
        media = media if media.isdigit() else "257"
        return f"{BASE}/News/Read?newsId={news_id}&mediaCodeNo={media}"

    def parse_article(self, selector: Selector, url: str) -> Article:
        metadata = page_meta(selector, url)
        canonical = self.canonical_url(metadata.canonical) or url
        article = region(selector, REGION)
        container, paras = block_paragraphs(article, BODY, BODY_FURNITURE)
        header = first(article, HEADER)
        subtitles = [line for node in every(header, SUBTITLE) for line in paragraphs(node)]
        dates = _dates(header)
        return self.assemble(
            url,
            metadata,
            title=text_of(first(header, TITLE)),
            paragraphs=paras,
            subtitles=subtitles,
            authors=_reporters(article),
            images=_table_photos(container, canonical),
            published_at=metadata.published_at or to_iso(dates.get("등록")),
            modified_at=to_iso(dates.get("수정")),
        )


def _dates(header: Selector | None) -> dict[str, datetime]:
    found = {}
    for line in every(header, DATES):
        label, _, value = normalize(line.get()).partition(" ")
        parsed = parse_datetime(value)
        if parsed is not None:
            found[label] = parsed
    return found


def _reporters(selector: Selector) -> list[Author]:
    names = [strip_role(normalize(t)) for t in selector.css(REPORTERS).getall()]
    return [Author(name=n) for n in dict.fromkeys(n for n in names if n)]


def _table_photos(container: Selector | None, base_url: str) -> list[Image]:
    """Photos laid out as tables: an image cell and a ``td.caption`` cell."""
    if container is None:
        return []
    images = []
    for table in container.xpath("./table | ./*/table"):
        src = table.css("img::attr(src)").get()
        if not src:
            continue
        caption = normalize(" ".join(table.css("td.caption ::text").getall())) or None
        images.append(Image(url=urljoin(base_url, src.strip()), caption=caption))
    return images


SITE = Edaily()
