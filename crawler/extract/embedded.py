"""Article text that a page carries only in embedded data, not in its markup.

Several Korean outlets render the body in the browser from JSON the page
embeds: Arc XP sites (biz.chosun.com) in ``Fusion.globalContent``, Next.js
sites in ``<script id="__NEXT_DATA__">``. A DOM-only extractor finds nothing
there. These helpers return the paragraphs of that JSON, or an empty list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from crawler.extract.text import normalize

_FUSION = re.compile(r"Fusion\.globalContent\s*=\s*")
_TAG = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<br\s*/?>\s*<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_BODY_KEYS = ("articleBody", "article_body", "body", "content", "contents", "text", "html")
MIN_BODY = 200
"""Characters below which an embedded string is not taken for an article body."""


def embedded_paragraphs(selector: Selector) -> list[str]:
    """Paragraphs of the article body held in ``Fusion.globalContent`` or ``__NEXT_DATA__``."""
    fusion = _fusion_content(selector)
    if fusion is not None:
        paragraphs = _arc_paragraphs(fusion)
        if paragraphs:
            return paragraphs
    next_data = selector.css("script#__NEXT_DATA__::text").get()
    if next_data:
        try:
            data = json.loads(next_data)
        except ValueError:
            return []
        body = max(_body_strings(data), key=len, default="")
        if len(body) >= MIN_BODY:
            return _split_html(body)
    return []


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
