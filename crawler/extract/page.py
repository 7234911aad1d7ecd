"""Turn a downloaded page into text a parser can trust, and no more of it than it reads.

Two traps sit between the bytes and the parser: a page that declares one
charset and is encoded in another (old mt.co.kr pages say euc-kr and are
UTF-8), and a page cut off in transfer or in storage.

A site's parser reads the ``<head>`` and the element that holds the article;
menus, sidebars and footers are half of a news page and cost as much to parse
as the rest. :func:`trim` cuts a page to what its site declares it reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from parsel import Selector

_HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_TAIL_BYTES = 8192
# lxml's plain HTML parser, reused: parsel's default, lxml.html's, calls back
# into Python to pick a class for every element the code touches.
_UTF8_PARSER = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class DecodedPage:
    """A page's text and how it was decoded."""

    text: str
    encoding: str
    repaired: bool
    """True when the declared charset was wrong and UTF-8 was used instead."""
    undecodable: int
    """Count of bytes that no candidate charset could decode."""


def decode_page(body: bytes, declared: str) -> DecodedPage:
    """Decode *body* with its *declared* charset, or with UTF-8 when that is wrong.

    The declared charset is trusted only when it decodes every byte: UTF-8
    bytes read as euc-kr fail fast, because UTF-8 continuation bytes fall
    outside euc-kr's lead-byte range.
    """
    try:
        return DecodedPage(body.decode(declared), declared, False, 0)
    except (UnicodeDecodeError, LookupError):
        pass
    if declared.replace("-", "").lower() not in ("utf8",):
        try:
            return DecodedPage(body.decode("utf-8"), "utf-8", True, 0)
        except UnicodeDecodeError:
            pass
    try:
        text = body.decode(declared, errors="replace")
    except LookupError:
        text, declared = body.decode("utf-8", errors="replace"), "utf-8"
    return DecodedPage(text, declared, False, text.count(REPLACEMENT))


def page_selector(page: DecodedPage, body: bytes) -> Selector:
    """A selector over the page, parsed from bytes when they are already UTF-8.

    parsel would otherwise encode the decoded text back to UTF-8 before
    handing it to lxml: for a 140 KB page that is a tenth of the parse. The
    tree is lxml's plain one (``etree._Element``), which parsel queries alike.
    """
    if page.encoding.replace("-", "").lower() == "utf8" and not page.undecodable:
        if b"\x00" in body:
            body = body.replace(b"\x00", b"")
        root = etree.fromstring(body.strip() or b"<html/>", parser=_UTF8_PARSER)
        if root is not None:
            return Selector(root=root, type="html")
    return Selector(text=page.text, type="html")


@dataclass(frozen=True)
class Span:
    """The part of an article page's ``<body>`` that a site's parser reads.

    Both markers are literal bytes of the page's markup, the opening of the
    article's outermost element and the first thing after it
    (``<main``, ``</main>``): plain ASCII, so they match in any charset. An
    end marker that is a closing tag ends the span at the tag that closes
    the first such element, not at the first such tag: an ``<article>`` card
    inside the body must not cut the body short.
    """

    start: bytes
    end: bytes


def trim(body: bytes, span: Span | None) -> bytes:
    """*body* cut to its ``<head>`` and *span*; *body* itself when a marker is missing.

    The cut is a valid page to lxml, which closes what the span leaves open.
    A page laid out otherwise than the site's saved pages (no ``</head>``, no
    start marker after it, no end marker after that) is returned whole.
    """
    if span is None:
        return body
    head = _HEAD_END.search(body)
    if head is None:
        return body
    start = body.find(span.start, head.end())
    if start < 0:
        return body
    end = _span_end(body, span.end, start + len(span.start))
    if end < 0:
        return body
    return b"".join((body[: head.end()], b"<body>", body[start:end]))


_NAME_ENDS = frozenset(b" \t\r\n/>")


def _span_end(body: bytes, marker: bytes, start: int) -> int:
    """Where *marker* ends the span that begins at *start*, or -1.

    For a closing tag (``</article>``), the one that closes the first element
    of that name: each ``<article`` opened after *start* must be closed first.
    """
    if not marker.startswith(b"</"):
        return body.find(marker, start)
    opening = b"<" + marker[2:].rstrip(b">")
    depth, at = 0, start
    while True:
        end = body.find(marker, at)
        if end < 0:
            return -1
        found = body.find(opening, at, end)
        while found >= 0:
            after = found + len(opening)
            if after < len(body) and body[after] in _NAME_ENDS:
                depth += 1
            found = body.find(opening, after, end)
        depth -= 1
        if depth <= 0:
            return end
        at = end + len(marker)


def is_truncated(body: bytes) -> bool:
    """True when an HTML page lacks its closing ``</html>`` tag."""
    return _HTML_END.search(body[-_TAIL_BYTES:]) is None
