"""Commands a user runs beyond Scrapy's own: ``scrapy search``, ``scrapy export``."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import BaseSettings

DEFAULT_DB = "data/articles.db"


def sqlite_feed_paths(settings: BaseSettings) -> list[tuple[Path, bool]]:
    """SQLite archives among the crawl's feeds, with whether ``-O`` overwrites each."""
    from crawler.store import is_sqlite_path

    found = []
    for uri, options in settings.getdict("FEEDS").items():
        path = str(uri).removeprefix("file://")
        if is_sqlite_path(path):
            found.append((Path(path), bool((options or {}).get("overwrite", False))))
    return found
