"""Recognise bot-wall pages (Cloudflare and the like) so that they are never parsed.

A challenge page comes with status 403 or 503, but also with 200, so the
status alone cannot tell it from an article.
"""

from __future__ import annotations

import re

# Markers of the Cloudflare managed / JS challenge and of its older
# "checking your browser" interstitial. Only the first bytes are searched:
# challenge pages are small and put these markers in <head>.
_MARKERS = re.compile(
    "_cf_chl_opt|cf-browser-verification|"
    "<title>\\s*(?:Just a moment\\.{0,3}|Attention Required! \\| Cloudflare|"
    "잠시만 기다리십시오)".encode(),
    re.IGNORECASE,
)
_HEAD_BYTES = 64 * 1024


def challenge_kind(body: bytes) -> str | None:
    """Name of the bot wall that served *body* (``cloudflare``), or None for a real page."""
    head = body[:_HEAD_BYTES]
    if _MARKERS.search(head):
        return "cloudflare"
    return None
