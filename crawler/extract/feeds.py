"""Discovery documents: RSS 2.0 feeds, Google-News sitemaps and sitemap indexes.

Parsing is tolerant on purpose: Korean news feeds have been seen with stray
control characters and undeclared entities that make strict XML parsers
give up on the whole document, losing every entry after the fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract.dates import iso_kst
from crawler.extract.text import normalize

# XML 1.0 forbids these characters even as character references.
_XML_ILLEGAL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class Entry:
    """One article link found in a feed or sitemap."""

    url: str
    title: str | None = None
    published_at: str | None = None
    """Publication time from the feed (``pubDate``, ``news:publication_date``), KST."""
    lastmod: str | None = None
    """Last modification time from the sitemap (``lastmod``), KST."""
    author: str | None = None


@dataclass(frozen=True)
class Discovery:
    """What a discovery document holds: article entries and further sitemaps."""

    kind: str
    """``rss``, ``atom``, ``urlset``, ``sitemapindex`` or ``unknown``."""
    entries: list[Entry]
    sitemaps: list[str]


def parse_discovery(body: bytes) -> Discovery:
    """Parse an RSS feed, Atom feed, sitemap or sitemap index."""
    root = _root(body)
    if root is None:
        return Discovery("unknown", [], [])
    kind = etree.QName(root).localname.lower()
    if kind == "rss" or kind == "rdf":
        return Discovery("rss", _rss_entries(root), [])
    if kind == "feed":
        return Discovery("atom", _atom_entries(root), [])
    if kind == "urlset":
        return Discovery("urlset", _sitemap_entries(root), [])
    if kind == "sitemapindex":
        locs = [_text(el) for el in root.iter("{*}loc")]
        return Discovery("sitemapindex", [], [loc for loc in locs if loc])
    return Discovery("unknown", [], [])


def _root(body: bytes) -> etree._Element | None:
    cleaned = _XML_ILLEGAL.sub(b"", body.lstrip())
    if not cleaned:
        return None
    try:
        return etree.fromstring(cleaned, parser=_PARSER)
    except etree.XMLSyntaxError:
        return None


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = normalize("".join(element.itertext()))
    return value or None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(f"{{*}}{name}")


def _rss_entries(root: etree._Element) -> list[Entry]:
    entries = []
    for item in root.iter("{*}item"):
        url = _text(_child(item, "link"))
        if not url:
            continue
        entries.append(
            Entry(
                url=url,
                title=_text(_child(item, "title")),
                published_at=iso_kst(_text(_child(item, "pubDate")) or _text(_child(item, "date"))),
                author=_text(_child(item, "author")) or _text(_child(item, "creator")),
            )
        )
    return entries


def _atom_entries(root: etree._Element) -> list[Entry]:
    entries = []
    for item in root.iter("{*}entry"):
        link = item.find("{*}link[@rel='alternate']")
        if link is None:
            link = item.find("{*}link")
        url = link.get("href") if link is not None else None
        if not url:
            continue
        entries.append(
            Entry(
                url=url.strip(),
                title=_text(_child(item, "title")),
                published_at=iso_kst(_text(_child(item, "published"))),
                lastmod=iso_kst(_text(_child(item, "updated"))),
            )
        )
    return entries


def _sitemap_entries(root: etree._Element) -> list[Entry]:
    entries = []
    for node in root.iter("{*}url"):
        url = _text(_child(node, "loc"))
        if not url:
            continue
        news = _child(node, "news")
        title = published = None
        if news is not None:
            title = _text(_child(news, "title"))
            published = iso_kst(_text(_child(news, "publication_date")))
        entries.append(
            Entry(
                url=url,
                title=title,
                published_at=published,
                lastmod=iso_kst(_text(_child(node, "lastmod"))),
            )
        )
    return entries
