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

from crawler.commands import add_archive_options, open_archive, refuse
from crawler.utils.extras import missing_extra


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
            refuse(self, message)
            return
        from crawler.report import build_report

        store = open_archive(self, opts.db)
        if store is None:
            return
        with store:
            page, data = build_report(store, opts.since, opts.until, opts.source)
        Path(opts.output).write_text(page, encoding="utf-8")
        window = data.volume.window
        print(
            f"{opts.output}: {_count(data.total, 'article')} published {window.first} – "
            f"{window.last}, {_count(len(data.runs), 'run')}",
            file=sys.stderr,
        )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
