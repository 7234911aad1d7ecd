"""``scrapy crawlall``: every site (or some) into one SQLite archive, for cron.

One process crawls the sites side by side into ``--db``. A lock beside the
archive (``<db>.lock``) makes a second run that starts while one is still
going exit at once (status 75). A killed run needs no state of its own to
resume: the archive holds every committed batch, and the next run's
incremental check skips what is stored, so it fetches only what the killed
run had not finished.

At the end it prints one summary line per site and exits non-zero (1) when a
site whose feeds listed new articles stored none of them, when errors pass
``--max-errors``, or when a core field (title, body, date) stopped being
filled compared with the site's earlier runs; coverage drops of other fields
(authors, section) are printed as warnings.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import sys
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.commands import DEFAULT_DB
from crawler.health import CoverageDrop, coverage, drops
from crawler.sites import SITES
from crawler.store import ArticleStore, StoreError, check_archive

LOCKED = 75
"""Exit status when another run holds the lock (EX_TEMPFAIL)."""
HISTORY = 5
"""Earlier finished runs of a site that its coverage is compared with."""


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Crawl every site (or --sites) into one SQLite archive, for cron"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--db", default=DEFAULT_DB, help=f"archive (default {DEFAULT_DB})")
        parser.add_argument("--sites", help=f"comma-separated subset of {','.join(SITES)}")
        parser.add_argument(
            "--max-errors", type=int, default=50, help="error log lines above which the run fails"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        self.settings.set("ARCHIVE", opts.db, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        sites = [s.strip() for s in (opts.sites or ",".join(SITES)).split(",") if s.strip()]
        unknown = sorted(set(sites) - set(SITES))
        if unknown:
            raise UsageError(f"unknown sites: {', '.join(unknown)}")
        db = Path(opts.db)
        db.parent.mkdir(parents=True, exist_ok=True)
        lock_path = Path(f"{db}.lock")
        with lock_path.open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"Another crawl into {db} is running (lock {lock_path}); exiting.")
                self.exitcode = LOCKED
                return
            try:
                check_archive(db)
            except StoreError as exc:
                print(f"Error: cannot write the archive: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
            self.exitcode = self._crawl(sites, db, opts.max_errors)

    def _crawl(self, sites: list[str], db: Path, max_errors: int) -> int:
        assert self.crawler_process is not None
        crawlers = {}
        for site in sites:
            crawler = self.crawler_process.create_crawler(site)
            crawlers[site] = crawler
            self.crawler_process.crawl(crawler)
        self.crawler_process.start()
        stats = {site: crawler.stats.get_stats() for site, crawler in crawlers.items()}
        history = _history(db, sites)
        failed = False
        print(f"\n{'site':10} {'found':>6} {'known':>6} {'fetched':>7} {'stored':>6} "
              f"{'updated':>7} {'dropped':>7} {'errors':>6} {'botwall':>7}")  # fmt: skip
        warnings: list[str] = []
        for site in sites:
            row = _summary(stats[site])
            print(
                f"{site:10} {row['found']:>6} {row['known']:>6} {row['fetched']:>7} "
                f"{row['stored']:>6} {row['updated']:>7} {row['dropped']:>7} "
                f"{row['errors']:>6} {row['botwall']:>7}"
            )
            if row["fetched"] and not row["stored"] + row["updated"] + row["unchanged"]:
                warnings.append(f"FAIL {site}: {row['fetched']} new articles fetched, none stored")
                failed = True
            if row["errors"] > max_errors:
                warnings.append(f"FAIL {site}: {row['errors']} errors (more than {max_errors})")
                failed = True
            now = coverage(stats[site])
            for drop in drops(now, history.get(site, [])) if now else []:
                warnings.append(_describe(site, drop))
                failed = failed or drop.core
        for line in warnings:
            print(line)
        return 1 if failed else 0


def _summary(stats: dict[str, Any]) -> dict[str, int]:
    def total(prefix: str) -> int:
        return sum(int(v) for k, v in stats.items() if k.startswith(prefix))

    return {
        "found": int(stats.get("discovery/entries", 0)),
        "known": int(stats.get("incremental/skipped", 0)),
        "fetched": total("article/parsed/"),
        "stored": int(stats.get("archive/inserted", 0)),
        "updated": int(stats.get("archive/updated", 0)),
        "unchanged": int(stats.get("archive/unchanged", 0))
        + int(stats.get("dedupe/dropped/unchanged", 0))
        + int(stats.get("dedupe/dropped/same_key", 0)),
        "dropped": total("validate/dropped/")
        + total("dedupe/dropped/")
        + total("article/rejected/"),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "botwall": int(stats.get("botwall/gave_up", 0)),
    }


def _history(db: Path, sites: list[str]) -> dict[str, list[dict[str, float]]]:
    """Coverage of each site's last finished runs before this one."""
    found: dict[str, list[dict[str, float]]] = {}
    with ArticleStore(db, readonly=True) as store:
        for site in sites:
            rows = store.db.execute(
                "SELECT stats FROM runs WHERE spider = ? AND finished_at IS NOT NULL "
                "ORDER BY id DESC LIMIT ? OFFSET 1",
                (site, HISTORY),
            ).fetchall()
            found[site] = [c for r in rows if (c := coverage(json.loads(r[0] or "{}")))]
    return found


def _describe(site: str, drop: CoverageDrop) -> str:
    level = "FAIL" if drop.core else "WARNING"
    return (
        f"{level} {site}: {drop.field} filled in {drop.now:.0%} of articles, "
        f"against {drop.before:.0%} in earlier runs"
    )
