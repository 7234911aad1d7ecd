"""Where articles are kept: the SQLite archive."""

from crawler.store.sqlite import (
    ArticleStore,
    StoreError,
    WriteCounts,
    check_archive,
    is_sqlite_path,
)

__all__ = ["ArticleStore", "StoreError", "WriteCounts", "check_archive", "is_sqlite_path"]
