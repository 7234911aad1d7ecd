"""Optional parts and the extras that install them.

A one-machine SQLite crawl needs none of them: PostgreSQL archives need
``[postgres]`` (psycopg), the multi-machine mode ``[cluster]`` (scrapy-redis),
and ``[fast]`` (ISA-L) inflates compressed WARC records faster than zlib.
"""

from __future__ import annotations

from importlib.util import find_spec

PROJECT = "kbiz-news-crawler"


def missing_extra(module: str, extra: str, feature: str) -> str | None:
    """A one-line message naming *extra* when *module* is not installed, else None."""
    if find_spec(module) is not None:
        return None
    return f"{feature} needs the [{extra}] extra: pip install '{PROJECT}[{extra}]'"
