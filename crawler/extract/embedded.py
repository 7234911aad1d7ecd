"""Article text that a page carries only in embedded data, not in its markup.

Several Korean outlets render the body in the browser from JSON the page
embeds: Arc XP sites (biz.chosun.com) in ``Fusion.globalContent``, Next.js
sites in ``<script id="__NEXT_DATA__">`` or, with the App Router, in the React
Server Components stream (``self.__next_f.push([1, "…"])`` chunks, whose
concatenation is lines of ``id:JSON`` and ``id:T<length>,<text>``), and
React Query in its dehydrated state (``window["__RQ…"].push({…"queries"…})``).
A DOM-only extractor finds nothing there. These helpers return the
paragraphs of that data, or an empty list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from crawler.extract.text import normalize

_FUSION = re.compile(r"Fusion\.globalContent\s*=\s*")
_FLIGHT = re.compile(r"self\.__next_f\.push\(\s*")
_REACT_QUERY = re.compile(r"window\[\s*[\"']__RQ[^\"']*[\"']\s*\]\.push\(\s*")
_TEXT_ROW = re.compile(rb"T([0-9a-fA-F]+),")
_TAG = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<br\s*/?>\s*<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_BODY_KEYS = (
    "articleBody",
    "article_body",
    "body",
    "content",
    "contents",
    "text",
    "html",
    "__html",
)
MIN_BODY = 200
"""Characters below which an embedded string is not taken for an article body."""


def embedded_paragraphs(selector: Selector) -> list[str]:
    """Paragraphs of the article body the page holds in embedded data, the longest found."""
    fusion = _fusion_content(selector)
    if fusion is not None:
        paragraphs = _arc_paragraphs(fusion)
        if paragraphs:
            return paragraphs
    body = max(_embedded_bodies(selector), key=len, default="")
    return _split_html(body) if len(body) >= MIN_BODY else []


def _embedded_bodies(selector: Selector) -> Iterator[str]:
    next_data = selector.css("script#__NEXT_DATA__::text").get()
    if next_data:
        yield from _body_strings(_json(next_data))
    flight = _flight_stream(selector)
    if flight:
        yield from _flight_bodies(flight)
    for script in selector.xpath("//script[contains(., '__RQ')]/text()").getall():
        for state in _pushed(script, _REACT_QUERY):
            yield from _body_strings(state)


def _pushed(script: str, call: re.Pattern[str]) -> Iterator[Any]:
    """The JSON values passed to every call matching *call* in *script*."""
    decoder = json.JSONDecoder()
    for match in call.finditer(script):
        try:
            value, _ = decoder.raw_decode(script, match.end())
        except ValueError:
            continue
        yield value


def _flight_stream(selector: Selector) -> str:
    """The React Server Components stream of a Next.js App Router page, its chunks joined."""
    chunks = []
    for script in selector.xpath("//script[contains(., 'self.__next_f')]/text()").getall():
        for value in _pushed(script, _FLIGHT):
            if isinstance(value, list) and len(value) > 1 and isinstance(value[1], str):
                chunks.append(value[1])
    return "".join(chunks)


def _flight_bodies(flight: str) -> Iterator[str]:
    """Body-like strings of the stream's rows: ``T`` text rows and strings in JSON rows.

    A row is ``id:`` then either JSON up to the end of the line, or ``T``, the
    length of a text in UTF-8 bytes in hexadecimal, a comma and that text,
    which may hold newlines of its own.
    """
    data = flight.encode("utf-8")
    at = 0
    while at < len(data):
        colon = data.find(b":", at)
        if colon < 0:
            return
        text = _TEXT_ROW.match(data, colon + 1)
        if text:
            end = text.end() + int(text[1], 16)
            yield data[text.end() : end].decode("utf-8", "replace")
            at = end
            continue
        newline = data.find(b"\n", colon)
        newline = len(data) if newline < 0 else newline
        yield from _body_strings(_json(data[colon + 1 : newline].decode("utf-8", "replace")))
        at = newline + 1


def _json(text: str) -> Any:
    """*text* decoded as JSON, or None when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def _fusion_content(selector: Selector) -> Any:
    for script in selector.xpath("//script[contains(., 'Fusion.globalContent')]/text()").getall():
        match = _FUSION.search(script)
        if match is None:
            continue
        try:
            value, _ = json.JSONDecoder().raw_decode(script, match.end())
        except ValueError:
            continue
        return value
    return None


def _arc_paragraphs(content: Any) -> list[str]:
    """Arc XP ANS: ``content_elements`` of type ``text`` hold the paragraphs as HTML."""
    if not isinstance(content, dict):
        return []
    out = []
    for element in content.get("content_elements") or []:
        if isinstance(element, dict) and element.get("type") in ("text", "header"):
            text = normalize(_TAG.sub(" ", str(element.get("content", ""))))
            if text:
                out.append(text)
    return out


def _body_strings(data: Any) -> Iterator[str]:
    """Strings under keys that name an article body, anywhere in *data*."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _BODY_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _body_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _body_strings(value)


def _split_html(text: str) -> list[str]:
    parts = _BREAKS.split(text) if "<" in text else text.split("\n")
    return [p for p in (normalize(_TAG.sub(" ", part)) for part in parts) if p]
