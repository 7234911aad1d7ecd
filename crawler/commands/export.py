"""``scrapy export``: archive rows as JSON Lines, CSV or Parquet, by site and date range.

JSON Lines records are those a crawl's ``-O articles.jsonl`` writes, field
for field, so JSON Lines → SQLite → JSON Lines gives the same records. CSV
and Parquet carry the same fields (see :mod:`crawler.store.formats`); the
format follows the output's name (``.csv``, ``.csv.gz``, ``.parquet``) or
``--format``.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand

from crawler.commands import add_archive_options, open_archive, refuse
from crawler.store.formats import FORMATS, format_of, write_records
from crawler.utils.extras import missing_extra


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Export archived articles as JSON Lines, CSV or Parquet"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_archive_options(parser)
        parser.add_argument(
            "--output",
            "-O",
            default="-",
            help="file to write (.jsonl, .csv, .parquet; .gz for the first two); - for stdout",
        )
        parser.add_argument(
            "--format", choices=FORMATS, help="the output's format (default: from its name)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        form = opts.format or format_of(opts.output)
        problem = (
            missing_extra("pyarrow", "parquet", "Parquet output") if form == "parquet" else None
        )
        if form == "parquet" and opts.output == "-":
            problem = "Parquet cannot be written to standard output: give a file with -O"
        if problem:
            refuse(self, problem)
            return
        store = open_archive(self, opts.db)
        if store is None:
            return
        with store:
            records = store.records(opts.source, opts.since, opts.until)
            count = write_records(records, opts.output, form)
        print(f"{count} articles exported", file=sys.stderr)
