"""Ask the crawl's own archive (SQLite or PostgreSQL) whether it holds an article.

Used before downloading (incremental crawls) and by the cluster's lease
reaper. The archive is the crawl's ``-o``/``-O`` target (``ARCHIVE``),
or ``INCREMENTAL_PATH``. One read-only connection per archive and process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from scrapy.settings import BaseSettings

from crawler.store.postgres import PostgresStore, is_postgres_url
from crawler.store.target import ArchiveTarget

Lookup = Callable[[tuple[str, str]], tuple[bool, str | None]]
"""key → (stored?, stored ``modified_at`` or ``published_at``)."""

_OPEN: dict[str, Lookup] = {}


def lookup_target(settings: BaseSettings, appended_only: bool = False) -> str | None:
    """The archive to ask: ``INCREMENTAL_PATH``, else the crawl's own (not a ``-O`` one
    with *appended_only*, since it is emptied as the crawl starts)."""
    if settings.get("INCREMENTAL_PATH"):
        return str(settings.get("INCREMENTAL_PATH"))
    target = ArchiveTarget.from_settings(settings)
    if target is None or (appended_only and target.overwrite):
        return None
    return target.uri


def archive_lookup(settings: BaseSettings, appended_only: bool = False) -> Lookup | None:
    """A lookup into the crawl's archive, or None when the crawl writes none."""
    target = lookup_target(settings, appended_only)
    if target is None:
        return None
    if target not in _OPEN:
        _OPEN[target] = _postgres(target) if is_postgres_url(target) else _sqlite(Path(target))
    return _OPEN[target]


def _sqlite(path: Path) -> Lookup:
    connection: list[sqlite3.Connection] = []

    def lookup(key: tuple[str, str]) -> tuple[bool, str | None]:
        if not connection:
            if not path.exists():
                return False, None
            connection.append(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
        try:
            row = (
                connection[0]
                .execute(
                    "SELECT coalesce(modified_at, published_at) FROM articles "
                    "WHERE source = ? AND article_id = ?",
                    key,
                )
                .fetchone()
            )
        except sqlite3.OperationalError:
            return False, None  # no articles table yet
        return (row is not None, row[0] if row else None)

    return lookup


def _postgres(dsn: str) -> Lookup:
    store: list[PostgresStore] = []

    def lookup(key: tuple[str, str]) -> tuple[bool, str | None]:
        if not store:
            store.append(PostgresStore(dsn))
            store[0].db.autocommit = True
        return store[0].stored_date(key)

    return lookup
