"""Generic article extraction for news sites without a module of their own.

Sources, most trusted first: the element marked ``itemprop=articleBody``,
JSON-LD NewsArticle (``articleBody``, dates, authors), Open Graph and
``article:*`` meta tags, and finally the block of the page that holds the
most paragraph text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector
from w3lib.url import canonicalize_url

from crawler.extract.embedded import embedded_paragraphs
from crawler.extract.images import figure_images
from crawler.extract.mainblock import main_block
from crawler.extract.metadata import PageMeta, page_meta
from crawler.extract.text import normalize
from crawler.extract.title import reconcile_title
from crawler.items import Article, Author, Image

SOURCE = "generic"
BODY_MARKERS = (
    "[itemprop=articleBody]",
    "#article-view-content-div",
    "#articleBody",
    "#articletxt",
    "#article_body",
    ".article_body",
    ".article-body",
    ".news_body",
    "#newsEndContents",
)
BODY_FURNITURE = (
    "aside, nav, footer, form, [class*='related'], [class*='relation'], "
    "[class*='copyright'], [class*='share'], [class*='banner'], [id*='banner'], "
    "div[class*='ad-'], div[class*='_ad'], div.ad, [class*='reporter'], [class*='byline']"
)
_LINK_ONLY = re.compile(r"^https?://\S+$")
_CANDIDATE_TAGS = ("div", "article", "section", "td", "main")


def parse_generic(selector: Selector, url: str) -> Article:
    """Extract an :class:`Article` from any news page."""
    metadata = page_meta(selector, url)
    # A canonical on another site marks a syndicated copy (msn.com naming
    # cnn.com): the record keeps the page it was read from.
    canonical = metadata.canonical if same_site(metadata.canonical, url) else url
    container, paras, subtitles = main_text(selector, metadata)
    keywords = metadata.keywords or [
        normalize(k) for k in metadata.tags.get("keywords", "").split(",") if normalize(k)
    ]
    return Article(
        url=canonical,
        source=SOURCE,
        article_id=_article_key(canonical),
        title=_title(selector, metadata, canonical),
        subtitles=subtitles,
        body="\n\n".join(paras),
        authors=[Author(name=n) for n in metadata.authors],
        section=metadata.section,
        keywords=keywords,
        images=figure_images(container, canonical) or [Image(url=u) for u in metadata.images],
        published_at=metadata.published_at,
        modified_at=metadata.modified_at,
        origin=None,
    )


def _title(selector: Selector, metadata: PageMeta, url: str) -> str:
    tags = metadata.tags
    declared = [
        metadata.title,
        tags.get("og:title", ""),
        tags.get("twitter:title", ""),
        selector.css("title::text").get() or "",
    ]
    names = [tags.get("og:site_name", ""), tags.get("application-name", ""), metadata.section]
    return reconcile_title(selector, declared, url, [n for n in names if n])


def main_text(
    selector: Selector, metadata: PageMeta
) -> tuple[Selector | None, list[str], list[str]]:
    """The page's main text block, its paragraphs and subtitles, or a body held elsewhere.

    The JSON-LD body, or the body in embedded page data (Arc
    ``Fusion.globalContent``, Next.js ``__NEXT_DATA__``), wins when the DOM block
    holds less than half its text: such a page renders its body in the browser.
    """
    body = selector.root.find(".//body")
    found = main_block(body if body is not None else selector.root, metadata.body)
    container, paras, subtitles = None, [], []
    if found is not None:
        paras, subtitles = found.paragraphs, found.subtitles
        holder = found.elements[0] if len(found.elements) == 1 else found.elements[0].getparent()
        container = Selector(root=holder, type="html")
    if len("".join(paras)) < len(metadata.body) // 2:
        paras = [normalize(p) for p in metadata.body.split("\n")]
    embedded = embedded_paragraphs(selector)
    if len("".join(paras)) < len("".join(embedded)) // 2:
        paras = embedded
    return container, [p for p in paras if p and not _LINK_ONLY.match(p)], subtitles


def same_site(first: str, second: str) -> bool:
    """True when two URLs are on one registrable domain (``news.x.co.kr`` and ``www.x.co.kr``)."""
    return _registrable(first) == _registrable(second)


def _registrable(url: str) -> str:
    labels = (urlsplit(url).hostname or "").split(".")
    # Second-level public suffixes (co.kr, or.kr, co.uk, com.au …): keep three labels.
    size = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-size:])


_SECOND_LEVEL = frozenset("co or ne go ac re pe com net org gov edu".split())


def _article_key(url: str) -> str:
    """Host, path and query of the canonical URL: the article's key on an unknown site."""
    parts = urlsplit(canonicalize_url(url))
    key = parts.netloc.removeprefix("www.") + parts.path
    return f"{key}?{parts.query}" if parts.query else key
