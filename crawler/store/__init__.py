"""Where articles are kept: the SQLite archive."""

from crawler.store.files import StoreError, is_sqlite_path
from crawler.store.records import WriteCounts
from crawler.store.sqlite import ArticleStore, check_archive

__all__ = ["ArticleStore", "StoreError", "WriteCounts", "check_archive", "is_sqlite_path"]
