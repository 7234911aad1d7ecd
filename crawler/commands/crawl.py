"""``scrapy crawl``, which checks the archives it writes to before and after the crawl.

Before: a locked, read-only or corrupt SQLite archive, a full disk, a
PostgreSQL server that cannot be reached, or ``-O`` on an archive that
another crawl is writing to is reported in one line and the crawl does not
start (exit status 2), instead of failing with a traceback.

After: a crawl that could not store every article it scraped (they are in
``<archive>.unsaved-*.jsonl``) exits with status 1, so that cron mails it;
one whose archive was taken by another crawl's ``-O`` as it opened exits
with status 2.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from crawler.health import REFUSED, UNSTORED, exit_status
from crawler.store.feeds import check_feed_archives
from crawler.store.files import StoreError
from crawler.utils.extras import missing_extra


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        assert self.crawler_process is not None
        if len(args) != 1:
            raise UsageError("give one spider to run")
        message = self.settings.get("REDIS_URL") and missing_extra(
            "scrapy_redis", "cluster", "REDIS_URL (several machines)"
        )
        if message:
            print(f"Error: {message}", file=sys.stderr)
            self.exitcode = REFUSED
            return
        try:
            check_feed_archives(self.settings)
        except StoreError as exc:
            print(f"Error: cannot write the archive: {exc}", file=sys.stderr)
            self.exitcode = REFUSED
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        self.exitcode = exit_status(stats)
        if self.exitcode == UNSTORED:
            print(
                f"Error: {stats.get('sqlite/unsaved', 0)} articles could not be stored in the "
                "archive and were saved beside it (.unsaved-*.jsonl); see the log",
                file=sys.stderr,
            )
