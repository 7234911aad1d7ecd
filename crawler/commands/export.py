"""``scrapy export``: archive rows back to JSON Lines, by site and date range.

The records are those a crawl's ``-O articles.jsonl`` writes, field for
field, so JSON Lines → SQLite → JSON Lines gives the same records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from contextlib import ExitStack
from typing import TextIO

from scrapy.commands import ScrapyCommand

from crawler.commands import add_archive_options
from crawler.store import ArticleStore, StoreError


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Export archived articles as JSON Lines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_archive_options(parser)
        parser.add_argument(
            "--output", "-O", default="-", help="file to write (.jsonl or .jsonl.gz); - for stdout"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            store = ArticleStore(opts.db, readonly=True)
        except StoreError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        with ExitStack() as stack:
            stack.callback(store.close)
            out = (
                stack.enter_context(_open_output(opts.output)) if opts.output != "-" else sys.stdout
            )
            count = 0
            for record in store.records(opts.source, opts.since, opts.until):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        print(f"{count} articles exported", file=sys.stderr)


def _open_output(path: str) -> TextIO:
    if path.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")
