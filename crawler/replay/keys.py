"""The keys a saved response is indexed and looked up under: one rule for every archive."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from crawler.sites import site_for_url


def lookup_keys(url: str) -> list[str]:
    """Keys under which a request for *url* may be saved, most specific first.

    The exact URL in canonical form, the same with the other scheme (feeds
    are still linked over http), and the site's canonical article URL, so
    that a mobile or tracking-parameter variant finds the saved page.
    """
    exact, canonical = index_keys(url)
    keys = [exact]
    parts = urlsplit(exact)
    other = {"http": "https", "https": "http"}.get(parts.scheme)
    if other:
        keys.append(urlunsplit(parts._replace(scheme=other)))
    if canonical:
        keys.append(canonical)
    return list(dict.fromkeys(keys))


def index_keys(url: str) -> tuple[str, str | None]:
    """The keys a response saved for *url* is found under: the URL in canonical
    form, and its site's canonical article URL (None when it has none)."""
    site = site_for_url(url)
    canonical = site.canonical_url(url) if site else None
    return canonicalize_url(url), canonicalize_url(canonical) if canonical else None


def key_digest(key: str) -> int:
    """A 64-bit digest of *key*: what a WARC file's index keeps instead of the key."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
