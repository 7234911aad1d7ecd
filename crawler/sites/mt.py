"""mt.co.kr — 머니투데이.

URL: ``https://www.mt.co.kr/{category}/{yyyy}/{mm}/{dd}/{id}``, id of 19
digits; the legacy ``news.mt.co.kr/mtview.php?no={id}`` keeps its own form
(it redirects to the new one, whose category it does not say). The id is the
article's key either way.

Discovery: the sitemaps only (``/sitemap/latest.xml``, the last 1,000
articles). robots.txt forbids list pagination (``/*?page=*``) and Scrapy's
default agent; the RSS feed is reported gone.

Layouts: the 2019 pages (``h1.subject``, ``h2.sub_subject``, ``li.date``,
body ``div#textBody`` with photo tables and ``td.desc`` captions, reporters in
``li.name``) are parsed by their selectors; they declare euc-kr and are
UTF-8, which the spider's decoding repairs. No page of the current layout
has been saved: it is parsed from JSON-LD NewsArticle, ``article:*`` meta and
the main text block, like any site without a module.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from crawler.extract.byline import strip_role
from crawler.extract.dates import iso_kst
from crawler.extract.generic import main_text
from crawler.extract.metadata import page_meta
from crawler.extract.page import Span
from crawler.extract.select import by_id, first, region
from crawler.extract.text import container_paragraphs, normalize, paragraphs, text_of
from crawler.items import Article, Author, Image
from crawler.sites.base import Layout, Site

BASE = "https://www.mt.co.kr"
_PATH = re.compile(r"^/([\w-]+)/(\d{4})/(\d{2})/(\d{2})/(\d{19})/?$")
_ID = re.compile(r"^\d{19}$")

REGION_2019 = "container"
"""The id of the 2019 layout's header-and-body ``div``: queries stay inside it."""
TITLE_2019 = "h1.subject"
SUBTITLE_2019 = "h2.sub_subject"
DATE_2019 = "li.date::text"
BODY_2019 = "textBody"
"""The id of the 2019 layout's body ``div``."""
# span.up / down / same / steady are live stock quotes put after a company's
# name ("(7,970원 ▼400 -4.8%)"): they change with the time of the capture.
BODY_FURNITURE_2019 = (
    "div.util_box, table.article_photo, div[style*='display:none'], "
    "div[style*='display: none'], div[class*='ad'], aside, "
    "span.up, span.down, span.same, span.steady"
)
REPORTERS_2019 = "div.info li.name::text"


class MoneyToday(Site):
    key = "mt"
    name = "머니투데이"
    layouts = (
        Layout("current article page, from JSON-LD and meta"),
        Layout("2019 mtview page (h1.subject, div#textBody)", ("2019-02-01", "2019-02-01")),
    )
    domains = ("mt.co.kr",)
    download_delay = 2.0
    sitemaps = (f"{BASE}/sitemap/latest.xml",)
    # The 2019 layout's ``div#container`` up to the sidebar.
    article_span = Span(b'<div id="container"', b'<div id="view_aside"')

    def article_id(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not self.owns(url):
            return None
        match = _PATH.match(parts.path)
        if match:
            return match.group(5)
        if parts.path.endswith("mtview.php"):
            number = parse_qs(parts.query).get("no", [""])[0]
            return number if _ID.match(number) else None
        return None

    def canonical_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if not self.owns(url):
            return None
        match = _PATH.match(parts.path)
        if match:
            return f"{BASE}{match.group(0).rstrip('/')}"
        article_id = self.article_id(url)
        return f"https://news.mt.co.kr/mtview.php?no={article_id}" if article_id else None

    def parse_article(self, selector: Selector, url: str) -> Article:
        metadata = page_meta(selector, url)
        container = by_id(selector, BODY_2019, "div")
        paras = container_paragraphs(container, BODY_FURNITURE_2019)
        if container is None:
            _, paras, _ = main_text(selector, metadata)
            return self.assemble(url, metadata, title="", paragraphs=paras)
        canonical = self.canonical_url(metadata.canonical) or url
        article = region(selector, REGION_2019)
        subtitle = first(article, SUBTITLE_2019)
        return self.assemble(
            url,
            metadata,
            title=text_of(first(article, TITLE_2019)),
            paragraphs=paras,
            subtitles=paragraphs(subtitle) if subtitle is not None else [],
            authors=[
                Author(name=name)
                for name in dict.fromkeys(
                    strip_role(normalize(t)) for t in article.css(REPORTERS_2019).getall()
                )
                if name
            ],
            images=_photo_tables(container, canonical),
            published_at=metadata.published_at or iso_kst(article.css(DATE_2019).get()),
        )


def _photo_tables(container: Selector, base_url: str) -> list[Image]:
    images = []
    for table in container.css("table.article_photo"):
        src = table.css("td.img img::attr(src)").get()
        if src:
            caption = normalize(" ".join(table.css("td.desc ::text").getall())) or None
            images.append(Image(url=urljoin(base_url, src.strip()), caption=caption))
    return images


SITE = MoneyToday()
