"""``scrapy crawl``, which first checks the SQLite archive it will write to.

A locked, read-only or corrupt archive, or a full disk, is reported in one
line and the crawl does not start, instead of failing with a traceback.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.store.feeds import sqlite_feed_paths
from crawler.store.sqlite import StoreError, check_archive


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        timeout = self.settings.getfloat("SQLITE_TIMEOUT")
        for path, overwrite in sqlite_feed_paths(self.settings):
            try:
                check_archive(path, overwrite, timeout)
            except StoreError as exc:
                print(f"Error: cannot write the archive: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
