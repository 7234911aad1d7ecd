"""``scrapy crawl``, which routes ``-o``/``-O`` of an archive to the store pipeline and
checks the archive before and after the crawl.

``-o data/articles.db`` or ``-o "postgresql://…"`` sets ``ARCHIVE`` (``-O`` also
``ARCHIVE_OVERWRITE``) instead of a feed: see :mod:`crawler.store.target`.
Every other ``-o``/``-O`` stays a Scrapy feed.

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
from crawler.store.files import StoreError
from crawler.store.target import ArchiveTarget, archive_uri
from crawler.utils.extras import missing_extra


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        archives: list[tuple[str, bool]] = []
        for name, overwrite in (("output", False), ("overwrite_output", True)):
            feeds = []
            for output in getattr(opts, name) or []:
                uri = archive_uri(output)
                if uri is None:
                    feeds.append(output)
                else:
                    archives.append((uri, overwrite))
            setattr(opts, name, feeds)
        if len(archives) > 1:
            raise UsageError("give one archive (-o/-O of a .db file or a PostgreSQL URL)")
        super().process_options(args, opts)
        if archives:
            [(uri, overwrite)] = archives
            self.settings.set("ARCHIVE", uri, priority="cmdline")
            self.settings.set("ARCHIVE_OVERWRITE", overwrite, priority="cmdline")

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
        target = ArchiveTarget.from_settings(self.settings)
        try:
            if target is not None:
                target.check(self.settings.getfloat("SQLITE_TIMEOUT"))
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
                f"Error: {stats.get('archive/unsaved', 0)} articles could not be stored in the "
                "archive and were saved beside it (.unsaved-*.jsonl); see the log",
                file=sys.stderr,
            )
