"""Scrapy's duplicate-request filter with its fingerprints kept in 8 bytes each."""

from __future__ import annotations

from typing import Any

from scrapy.dupefilters import RFPDupeFilter

from crawler.utils.keyset import KeySet


class CompactDupeFilter(RFPDupeFilter):
    """:class:`RFPDupeFilter`, its set of fingerprints swapped for a :class:`KeySet`.

    Scrapy keeps every request's 20-byte fingerprint in a ``set``: about 90
    bytes a request, 9 MB for a crawl of 100,000 pages, and the largest thing
    that grows with a replayed archive. Everything else (``JOBDIR``'s
    ``requests.seen``, logging, stats) is Scrapy's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Scrapy has read a resumed job's fingerprints into its set by now.
        self._fingerprints = KeySet(self._fingerprints)  # type: ignore[assignment]
