"""Commands a user runs beyond Scrapy's own: ``scrapy search``, ``scrapy export``."""

from __future__ import annotations

import argparse

DEFAULT_DB = "data/articles.db"


def add_archive_options(parser: argparse.ArgumentParser) -> None:
    """``--db``, ``--source``, ``--since`` and ``--until``, shared by the archive commands."""
    parser.add_argument("--db", default=DEFAULT_DB, help=f"archive (default {DEFAULT_DB})")
    parser.add_argument("--source", help="only this site (e.g. hankyung)")
    parser.add_argument("--since", help="published on or after (YYYY-MM-DD[THH:MM])")
    parser.add_argument("--until", help="published before (YYYY-MM-DD[THH:MM])")
