"""Which of a crawl's feeds are archives: the one place that reads ``FEEDS`` for them."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import BaseSettings

from crawler.store.files import check_may_empty as check_may_empty_sqlite
from crawler.store.files import is_sqlite_path
from crawler.store.postgres import PostgresStore, check_may_empty, is_postgres_url
from crawler.store.sqlite import check_archive


def feed_archives(settings: BaseSettings) -> list[tuple[str, bool]]:
    """Archive feeds (SQLite paths, PostgreSQL URLs) with whether ``-O`` overwrites each."""
    found = []
    for uri, options in settings.getdict("FEEDS").items():
        target = str(uri).removeprefix("file://")
        if is_sqlite_path(target) or is_postgres_url(target):
            found.append((target, bool((options or {}).get("overwrite", False))))
    return found


def sqlite_feed_paths(settings: BaseSettings) -> list[tuple[Path, bool]]:
    """The SQLite archives among the crawl's feeds, with whether ``-O`` overwrites each."""
    return [(Path(t), overwrite) for t, overwrite in feed_archives(settings) if is_sqlite_path(t)]


def check_feed_archives(settings: BaseSettings) -> None:
    """Raise :class:`~crawler.store.files.StoreError` unless every archive feed can be written.

    A SQLite archive is checked for locks, permissions, corruption and room;
    a PostgreSQL one is connected to (and migrated), so that an unreachable
    server stops the crawl before its first request, in one line.
    """
    timeout = settings.getfloat("SQLITE_TIMEOUT")
    for target, overwrite in feed_archives(settings):
        if is_sqlite_path(target):
            if overwrite:
                check_may_empty_sqlite(target)
            check_archive(target, overwrite, timeout)
        elif overwrite:
            check_may_empty(target)
        else:
            PostgresStore(target).close()
