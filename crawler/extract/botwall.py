"""Recognise bot-wall pages (Cloudflare and the like) so that they are never parsed.

A challenge page comes with status 403 or 503, but also with 200, so the
status alone cannot tell it from an article.
"""

from __future__ import annotations

import re

# Markers of the Cloudflare managed / JS challenge and of its older
# "checking your browser" interstitial, in the first bytes of the page.
# Plain substring tests (memchr-fast) run on every response; the title regex
# only on the few hundred bytes after <title.
_MARKERS = (b"_cf_chl_opt", b"cf-browser-verification")
_TITLE = re.compile(
    "^<title[^>]*>\\s*(?:Just a moment\\.{0,3}|Attention Required! \\| Cloudflare|"
    "잠시만 기다리십시오)".encode(),
    re.IGNORECASE,
)
_HEAD_BYTES = 64 * 1024


def challenge_kind(body: bytes) -> str | None:
    """Name of the bot wall that served *body* (``cloudflare``), or None for a real page."""
    head = body[:_HEAD_BYTES]
    if any(marker in head for marker in _MARKERS):
        return "cloudflare"
    title = head.find(b"<title")
    if title < 0:
        title = head.find(b"<TITLE")
    if title >= 0 and _TITLE.match(head, title):
        return "cloudflare"
    return None
