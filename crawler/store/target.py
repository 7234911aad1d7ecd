"""The crawl's archive: what ``-o``/``-O`` name (the ``ARCHIVE`` and ``ARCHIVE_OVERWRITE``
settings), checked before the crawl and opened by the store pipeline.

``-o data/articles.db`` (``.sqlite``, ``.sqlite3``, or any path with ``:db``)
and ``-o "postgresql://user@host/db"`` (``:pg`` is also accepted) name an
archive: ``-o`` adds to it and updates what changed, ``-O`` starts it afresh.
Every other ``-o`` is a Scrapy feed (JSON Lines and the rest).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from scrapy.settings import BaseSettings

from crawler.store.files import check_may_empty as check_may_empty_sqlite
from crawler.store.files import is_sqlite_path, reset_archive
from crawler.store.postgres import PostgresStore, check_may_empty, is_postgres_url
from crawler.store.sqlite import ArticleStore, check_archive

_FORMAT_SUFFIX = re.compile(r":(db|sqlite3?|pg)$")
"""``-o PATH:FORMAT``: the formats that name an archive."""


def archive_uri(output: str) -> str | None:
    """The archive an ``-o``/``-O`` value names (a SQLite path, a PostgreSQL URL), or None."""
    named = _FORMAT_SUFFIX.search(output)
    uri = output[: named.start()] if named else output
    uri = uri.removeprefix("file://")
    if is_postgres_url(uri) or is_sqlite_path(uri) or (named and named.group(1) != "pg"):
        return uri
    return None


@dataclass(frozen=True)
class ArchiveTarget:
    """A SQLite file or a PostgreSQL database that a crawl stores its articles in."""

    uri: str
    overwrite: bool = False
    """``-O``: empty the archive before the crawl adds to it."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ArchiveTarget | None:
        uri = settings.get("ARCHIVE")
        if not uri:
            return None
        return cls(str(uri), settings.getbool("ARCHIVE_OVERWRITE"))

    @property
    def postgres(self) -> bool:
        return is_postgres_url(self.uri)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, None for a PostgreSQL archive."""
        return None if self.postgres else Path(self.uri)

    def __str__(self) -> str:
        # A PostgreSQL URL may carry a password: name the server and database only.
        return self.uri.split("@")[-1] if self.postgres else self.uri

    def check(self, timeout: float) -> None:
        """Raise :class:`~crawler.store.files.StoreError` unless the crawl can write here.

        A SQLite archive is checked for locks, permissions, corruption and
        room; a PostgreSQL one is connected to (and migrated); ``-O`` is
        refused while another crawl writes to either. So a bad archive stops
        the crawl before its first request, in one line.
        """
        if self.postgres:
            if self.overwrite:
                check_may_empty(self.uri)
            else:
                PostgresStore(self.uri).close()
            return
        if self.overwrite:
            check_may_empty_sqlite(self.uri)
        check_archive(self.uri, self.overwrite, timeout)

    def open_store(self, timeout: float) -> ArticleStore | PostgresStore:
        """The archive's store, emptied first with ``-O``; raise ``StoreError`` (``busy``)
        rather than empty it while another crawl writes to it."""
        if self.postgres:
            return PostgresStore(self.uri, fresh=self.overwrite)
        if self.overwrite:
            reset_archive(self.uri, timeout)
        return ArticleStore(self.uri, timeout=timeout)

    def unsaved_path(self, stamp: str) -> Path:
        """Where articles that could not be stored are kept, one JSON line each."""
        name = f"unsaved-{stamp}-{os.getpid()}.jsonl"
        return Path(f"articles.{name}") if self.postgres else Path(f"{self.uri}.{name}")
