"""Commands beyond Scrapy's own (crawlall, search, export, report, sites) and a checked crawl."""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand

from crawler.store import ArticleStore, StoreError

DEFAULT_DB = "data/articles.db"


def add_archive_options(parser: argparse.ArgumentParser) -> None:
    """``--db``, ``--source``, ``--since`` and ``--until``, shared by the archive commands."""
    parser.add_argument("--db", default=DEFAULT_DB, help=f"archive (default {DEFAULT_DB})")
    parser.add_argument("--source", help="only this site (e.g. hankyung)")
    parser.add_argument("--since", help="published on or after (YYYY-MM-DD[THH:MM])")
    parser.add_argument("--until", help="published before (YYYY-MM-DD[THH:MM])")


def refuse(command: ScrapyCommand, message: str) -> None:
    """Say why *command* cannot run, in one line, and make it exit with status 2."""
    print(f"Error: {message}", file=sys.stderr)
    command.exitcode = 2


def open_archive(command: ScrapyCommand, path: str) -> ArticleStore | None:
    """The archive at *path*, read-only; None, refused, when it cannot be read (missing,
    not SQLite, written by a newer version)."""
    try:
        return ArticleStore(path, readonly=True)
    except StoreError as exc:
        refuse(command, str(exc))
        return None
