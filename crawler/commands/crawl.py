"""``scrapy crawl``, which first checks the archives it will write to.

A locked, read-only or corrupt SQLite archive, a full disk, or a PostgreSQL
server that cannot be reached is reported in one line and the crawl does not
start, instead of failing with a traceback.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.store.feeds import check_feed_archives
from crawler.store.sqlite import StoreError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            check_feed_archives(self.settings)
        except StoreError as exc:
            print(f"Error: cannot write the archive: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        super().run(args, opts)
