"""Discovery documents: RSS 2.0 feeds, Google-News sitemaps and sitemap indexes.

Parsing is tolerant on purpose: Korean news feeds have been seen with stray
control characters and undeclared entities that make strict XML parsers
give up on the whole document, losing every entry after the fault.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from crawler.extract.dates import iso_kst
from crawler.extract.text import normalize

# XML 1.0 forbids these characters even as character references.
_XML_ILLEGAL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ROOT_END = re.compile(
    rb"</(?:[\w.-]+:)?(?:rss|RDF|feed|urlset|sitemapindex)\s*>(?:\s*<!--.*?-->)*\s*$", re.DOTALL
)
_TAIL = 512
"""Bytes at the end of a document in which its root's closing tag is looked for."""


@dataclass(frozen=True, slots=True)
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
    cut_short: bool = False
    """The document ends before its root element closes (a download or a
    file cut off): its last entry, possibly cut inside its URL, was left out."""


@dataclass(frozen=True)
class DiscoveryStream:
    """A discovery document read lazily: its kind, and whether it was cut
    short, are known at once; its entries as they are read."""

    kind: str
    cut_short: bool
    items: Iterator[Entry | str]
    """Entries of articles, and the URLs (str) of a sitemap index's children."""


def read_discovery(body: bytes) -> DiscoveryStream:
    """Read an RSS feed, Atom feed, sitemap or sitemap index as a stream.

    Each entry is let go of once read: a sitemap of 50,000 URLs (the
    protocol's limit) would otherwise be a tree of half a million elements,
    several times the size of the entries it holds, and a list of the entries
    themselves, which the crawl only wants one batch at a time.
    """
    cleaned = body.lstrip()
    if _XML_ILLEGAL.search(cleaned):
        cleaned = _XML_ILLEGAL.sub(b"", cleaned)
    if not cleaned:
        return DiscoveryStream("unknown", False, iter(()))
    events = etree.iterparse(
        io.BytesIO(cleaned),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )
    try:
        _, root = next(events)
    except (etree.XMLSyntaxError, StopIteration):
        return DiscoveryStream("unknown", False, iter(()))
    kind = _KINDS.get(etree.QName(root).localname.lower(), "unknown")
    if kind == "unknown":
        return DiscoveryStream(kind, False, iter(()))
    # A parser in recovery closes whatever is open at the end of the data,
    # so a document cut inside a URL would yield that URL cut short.
    cut_short = not _ROOT_END.search(cleaned[-_TAIL:])
    items = _items(events, kind)
    return DiscoveryStream(kind, cut_short, _all_but_last(items) if cut_short else items)


def parse_discovery(body: bytes) -> Discovery:
    """Parse an RSS feed, Atom feed, sitemap or sitemap index, all at once."""
    stream = read_discovery(body)
    entries: list[Entry] = []
    sitemaps: list[str] = []
    for item in stream.items:
        if isinstance(item, str):
            sitemaps.append(item)
        else:
            entries.append(item)
    return Discovery(stream.kind, entries, sitemaps, stream.cut_short)


def _items(events: Iterator[tuple[str, etree._Element]], kind: str) -> Iterator[Entry | str]:
    name, read = _ITEMS[kind]
    namespaced = "}" + name
    try:
        for event, element in events:
            if event != "end" or (element.tag != name and not element.tag.endswith(namespaced)):
                continue
            if read is None:
                loc = _text(_child(element, "loc"))
                if loc:
                    yield loc
            else:
                entry = read(element)
                if entry is not None:
                    yield entry
            _let_go(element)
    except etree.XMLSyntaxError:
        # What was read before the fault is kept (recover=True gets past
        # most faults without raising at all).
        return


def _all_but_last(items: Iterator[Entry | str]) -> Iterator[Entry | str]:
    previous = None
    for item in items:
        if previous is not None:
            yield previous
        previous = item


_KINDS = {
    "rss": "rss",
    "rdf": "rss",
    "feed": "atom",
    "urlset": "urlset",
    "sitemapindex": "sitemapindex",
}
"""Document kind by the local name of the root element."""


def _let_go(element: etree._Element) -> None:
    """Free an entry that has been read, and the ones before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    value = normalize("".join(element.itertext()))
    return value or None


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return element.find(f"{{*}}{name}")


def _rss_entry(item: etree._Element) -> Entry | None:
    url = _text(_child(item, "link"))
    if not url:
        return None
    return Entry(
        url=url,
        title=_text(_child(item, "title")),
        published_at=iso_kst(_text(_child(item, "pubDate")) or _text(_child(item, "date"))),
        author=_text(_child(item, "author")) or _text(_child(item, "creator")),
    )


def _atom_entry(item: etree._Element) -> Entry | None:
    link = item.find("{*}link[@rel='alternate']")
    if link is None:
        link = item.find("{*}link")
    url = link.get("href") if link is not None else None
    if not url:
        return None
    return Entry(
        url=url.strip(),
        title=_text(_child(item, "title")),
        published_at=iso_kst(_text(_child(item, "published"))),
        lastmod=iso_kst(_text(_child(item, "updated"))),
    )


def _sitemap_entry(node: etree._Element) -> Entry | None:
    url = _text(_child(node, "loc"))
    if not url:
        return None
    news = _child(node, "news")
    title = published = None
    if news is not None:
        title = _text(_child(news, "title"))
        published = iso_kst(_text(_child(news, "publication_date")))
    return Entry(
        url=url,
        title=title,
        published_at=published,
        lastmod=iso_kst(_text(_child(node, "lastmod"))),
    )


_ITEMS: dict[str, tuple[str, Callable[[etree._Element], Entry | None] | None]] = {
    "rss": ("item", _rss_entry),
    "atom": ("entry", _atom_entry),
    "urlset": ("url", _sitemap_entry),
    "sitemapindex": ("sitemap", None),  # a child sitemap's URL, not an Entry
}
"""Per kind of document: the element of one entry, and how to read it."""
