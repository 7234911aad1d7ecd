"""``scrapy sites``: every site the crawler knows, and how each is doing in an archive.

For each site: its spider, where it discovers articles, the page layouts its
parser is written for with the days of their saved pages, and, with
``--db``, its last successful run and the day's field coverage (yesterday,
KST, unless ``--day`` names another) with the day's articles.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from datetime import date, datetime, timedelta
from typing import Any

from scrapy.commands import ScrapyCommand

from crawler.commands import open_archive
from crawler.extract.dates import KST
from crawler.health import exit_status, health_by_day
from crawler.sites import SITES, Site

RUNS_LOOKED_AT = 200
"""Newest runs of a site searched for its last successful one."""


class Command(ScrapyCommand):
    requires_project = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "List the sites: spiders, discovery, known layouts, and their state in an archive"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--db", help="also show each site's last run and coverage in this archive"
        )
        parser.add_argument(
            "--day", help="the day whose coverage is shown (default: yesterday, KST)"
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per site")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        day = date.fromisoformat(opts.day) if opts.day else datetime.now(KST).date() - timedelta(1)
        sites = [describe(site) for site in SITES.values()]
        if opts.db:
            store = open_archive(self, opts.db)
            if store is None:
                return
            with store:
                for entry in sites:
                    entry["archive"] = archive_state(store.db, entry["spider"], day)
        if opts.json:
            for entry in sites:
                print(json.dumps(entry, ensure_ascii=False))
            return
        print("\n\n".join(as_text(entry) for entry in sites))


def describe(site: Site) -> dict[str, Any]:
    """What the project knows of *site*, without an archive."""
    return {
        "spider": site.key,
        "name": site.name,
        "domains": list(site.domains),
        "sitemaps": list(site.sitemaps),
        "daily_sitemap": site.daily_sitemap,
        "feeds": list(site.feeds),
        "layouts": [{"name": layout.name, "saved": list(layout.saved)} for layout in site.layouts],
    }


def archive_state(db: sqlite3.Connection, spider: str, day: date) -> dict[str, Any]:
    """The site's last successful run, and *day*'s articles and field coverage."""
    last = None
    rows = db.execute(
        "SELECT id, started_at, finished_at, inserted, updated, stats FROM runs "
        "WHERE spider = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT ?",
        (spider, RUNS_LOOKED_AT),
    )
    for run, started, finished, inserted, updated, stats in rows:
        if exit_status(json.loads(stats or "{}")) == 0:
            last = {"run": run, "started_at": started, "finished_at": finished,
                    "inserted": inserted, "updated": updated}  # fmt: skip
            break
    published = db.execute(
        "SELECT count(*) FROM articles WHERE source = ? AND substr(published_at, 1, 10) = ?",
        (spider, day.isoformat()),
    ).fetchone()[0]
    # One spider and one day: one row, or none when no run of it finished that day.
    health = health_by_day(db, spider=spider, day=day.isoformat())
    runs = health[0].runs if health else 0
    parsed = health[0].parsed if health else 0
    coverage = {f: round(n / parsed, 4) for f, n in health[0].has.items()} if parsed else None
    return {
        "last_successful_run": last,
        "day": day.isoformat(),
        "published": published,
        "runs": runs,
        "parsed": parsed,
        "coverage": coverage,
    }


def as_text(entry: dict[str, Any]) -> str:
    discovery = [f"{len(entry['sitemaps'])} news sitemap(s)"]
    if entry["daily_sitemap"]:
        discovery.append("a daily sitemap (-a date=)")
    if entry["feeds"]:
        discovery.append(f"{len(entry['feeds'])} RSS feed(s)")
    lines = [
        f"{entry['spider']}  {entry['name']}  {', '.join(entry['domains'])}",
        f"  discovery  {', '.join(discovery)}",
    ]
    for number, layout in enumerate(entry["layouts"]):
        saved = (
            f"saved pages of {', '.join(sorted(set(layout['saved'])))}"
            if layout["saved"]
            else "no saved page"
        )
        label = "layouts" if number == 0 else ""
        lines.append(f"  {label:9}  {layout['name']} — {saved}")
    state = entry.get("archive")
    if state is not None:
        last = state["last_successful_run"]
        lines.append(
            "  last run   "
            + (
                f"#{last['run']} {last['started_at']} (+{last['inserted']} new, "
                f"{last['updated']} updated)"
                if last
                else "no successful run in the archive"
            )
        )
        coverage = state["coverage"]
        shares = (
            " ".join(f"{f} {share:.0%}" for f, share in coverage.items())
            if coverage
            else "no page parsed"
        )
        lines.append(
            f"  {state['day']} {state['published']} articles published; "
            f"{state['runs']} runs parsed {state['parsed']} pages: {shares}"
        )
    return "\n".join(lines)
