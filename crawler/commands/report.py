"""``scrapy report``: an HTML page that shows what an archive holds and what its crawls did.

The page opens offline (no script, no request; the charts are inline SVG)
and reads on a phone. matplotlib draws the charts: it comes with the
``[report]`` extra.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from crawler.commands import add_archive_options
from crawler.extras import missing_extra
from crawler.store import ArticleStore, StoreError


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Write an HTML report of an archive: articles per day, coverage, runs, duplicates"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_archive_options(parser)
        parser.add_argument(
            "--output", "-o", default="report.html", help="page to write (default report.html)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        message = missing_extra("matplotlib", "report", "scrapy report")
        if message:
            print(f"Error: {message}", file=sys.stderr)
            self.exitcode = 2
            return
        from crawler.report import build_report

        try:
            with ArticleStore(opts.db, readonly=True) as store:
                page, data = build_report(store, opts.since, opts.until, opts.source)
        except StoreError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        Path(opts.output).write_text(page, encoding="utf-8")
        window = data.volume.window
        print(
            f"{opts.output}: {data.total:,} articles published {window.first} – {window.last}, "
            f"{len(data.runs)} runs",
            file=sys.stderr,
        )
