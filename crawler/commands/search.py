"""``scrapy search QUERY``: full-text search of the SQLite archive.

Every word of the query must occur in the title, subtitles or body; Korean
substrings match (반도체 finds 반도체의). Output is a table for a person, or
JSON Lines with ``--json``.
"""

from __future__ import annotations

import argparse
import json

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands import add_archive_options, open_archive


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] <query>"

    def short_desc(self) -> str:
        return "Search the article archive (full text, Korean substrings)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_archive_options(parser)
        parser.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give the words to search for")
        store = open_archive(self, opts.db)
        if store is None:
            return
        with store:
            hits = store.search(
                " ".join(args), opts.source, opts.since, opts.until, limit=opts.limit
            )
        if opts.json:
            for hit in hits:
                print(json.dumps(hit, ensure_ascii=False))
            return
        if not hits:
            print("No articles found.")
            return
        for hit in hits:
            print(f"{hit['published_at'] or '-':25}  {hit['source']:10}  {hit['title']}")
            print(f"{'':37}{hit['url']}")
            print(f"{'':37}{hit['snippet']}")
        print(f"\n{len(hits)} article{'s' if len(hits) != 1 else ''}")
