"""Page metadata: ``<meta>`` tags and JSON-LD objects."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawler.extract.byline import strip_role
from crawler.extract.dates import iso_kst
from crawler.extract.text import normalize

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)
# Raw control characters inside JSON strings are invalid JSON, yet CMSs emit
# them (a tab or newline pasted into a headline).
_JSON_CONTROL = re.compile(r"[\x00-\x1f]")


@dataclass
class _HeadScan:
    """What one pass over a page's ``<meta>``, ``<link>`` and ``<script>`` elements finds."""

    tags: dict[str, str]
    all_tags: dict[str, list[str]]
    canonical: str | None
    json_ld: list[str]


def _scan(selector: Selector) -> _HeadScan:
    """One walk of the tree for every metadata element, instead of one XPath search each."""
    tags: dict[str, str] = {}
    all_tags: dict[str, list[str]] = {}
    canonical = None
    json_ld = []
    for element in selector.root.iter("meta", "link", "script"):
        tag = element.tag
        if tag == "meta":
            content = (element.get("content") or "").strip()
            if not content:
                continue
            for attribute in ("property", "name", "itemprop"):
                key = element.get(attribute)
                if key:
                    tags.setdefault(key, content)
                    all_tags.setdefault(key, []).append(content)
        elif tag == "link":
            if canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                canonical = element.get("href")
        elif element.get("type") == "application/ld+json" and element.text:
            json_ld.append(element.text)
    return _HeadScan(tags, all_tags, canonical, json_ld)


def _objects(blocks: list[str]) -> Iterator[dict[str, Any]]:
    for raw in blocks:
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                data = json.loads(_JSON_CONTROL.sub(" ", raw))
            except ValueError:
                logger.debug("Unreadable JSON-LD block skipped: %.80r", raw)
                continue
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _flatten(entry)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _flatten(data["@graph"])
        else:
            yield data


def _news_article(blocks: list[str]) -> dict[str, Any]:
    for obj in _objects(blocks):
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
            return obj
    return {}


def ld_images(value: Any) -> list[str]:
    """Normalise a JSON-LD ``image`` value to a list of URLs."""
    images = value if isinstance(value, list) else [value]
    out = []
    for image in images:
        if isinstance(image, str):
            out.append(image)
        elif isinstance(image, dict) and isinstance(image.get("url"), str):
            out.append(image["url"])
    return [u for u in out if u]


@dataclass
class PageMeta:
    """What a page says about itself outside its body markup."""

    canonical: str
    title: str
    published_at: str | None
    modified_at: str | None
    section: str | None
    keywords: list[str]
    authors: list[str]
    """Reporter names from JSON-LD (Person entries only), role words removed."""
    images: list[str]
    body: str
    """JSON-LD ``articleBody`` when the page has one."""
    tags: dict[str, str]
    """Every ``<meta>`` content by property, name or itemprop."""


def page_meta(selector: Selector, url: str) -> PageMeta:
    """JSON-LD NewsArticle, Open Graph and ``article:*`` meta of a page, in one record.

    ``article:published_time`` wins over JSON-LD ``datePublished``: some
    pages give JSON-LD dates with a wrong offset (edaily: +08:00 for KST).
    """
    scan = _scan(selector)
    ld = _news_article(scan.json_ld)
    tags = scan.tags
    canonical = scan.canonical or tags.get("og:url") or url
    people = ld.get("author")
    people = people if isinstance(people, list) else [people]
    authors = [
        strip_role(normalize(str(p.get("name", ""))))
        for p in people
        if isinstance(p, dict) and p.get("@type", "Person") == "Person"
    ]
    title = normalize(html.unescape(str(ld.get("headline") or ""))) or _strip_site_suffix(
        normalize(tags.get("og:title"))
    )
    keywords = list(scan.all_tags.get("article:tag", []))
    news_keywords = normalize(tags.get("news_keywords"))
    if not keywords and news_keywords and news_keywords != title:
        # Some CMSs fill news_keywords with the headline itself: not tags.
        keywords = [normalize(k) for k in news_keywords.split(",") if normalize(k)]
    return PageMeta(
        canonical=urljoin(url, html.unescape(canonical.strip())),
        title=title,
        published_at=iso_kst(tags.get("article:published_time"))
        or iso_kst(ld.get("datePublished")),
        modified_at=iso_kst(tags.get("article:modified_time")) or iso_kst(ld.get("dateModified")),
        section=normalize(tags.get("article:section")) or None,
        keywords=keywords,
        authors=[a for a in authors if a],
        images=[urljoin(url, u) for u in ld_images(ld.get("image"))],
        body=str(ld.get("articleBody") or ""),
        tags=tags,
    )


_SITE_SUFFIX = re.compile(r"\s+[-|]\s+[^-|]{2,20}$")


def _strip_site_suffix(title: str) -> str:
    """``제목 - 매일경제`` → ``제목``: og:title often carries the outlet's name."""
    return _SITE_SUFFIX.sub("", title)
