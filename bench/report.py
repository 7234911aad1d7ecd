"""``scrapy report`` on a large archive: build time and page size.

    python -m bench.report [--articles 100000] [--days 120] [--runs-every 15]

Builds an archive of ``--articles`` synthetic records (real paragraphs of the
saved pages, five sites, published over ``--days`` days, 2 % marked as
republications) and the ``runs`` rows of every site crawled every
``--runs-every`` minutes over those days, each with a real crawl's stats.
Then times ``scrapy report`` on it as a user runs it (a subprocess: start-up
and imports included) and in-process, beside the reference of one
``GROUP BY source, day`` count of the same articles, which any report of
articles per day has to run; prints the page's size.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.extract.dates import KST
from crawler.report import build_report
from crawler.store import ArticleStore
from tests.synthetic import records

SITES = ("hankyung", "mk", "mt", "edaily", "sedaily")
BATCH = 5_000
RUN_STATS = {
    "health/parsed": 40,
    "health/has/title": 40,
    "health/has/body": 40,
    "health/has/published_at": 40,
    "health/has/authors": 37,
    "health/has/section": 40,
    "health/has/images": 31,
    "archive/inserted": 38,
    "archive/updated": 2,
    "archive/unchanged": 0,
    "downloader/request_count": 120,
    "downloader/response_count": 120,
    "downloader/response_status_count/200": 118,
    "finish_reason": "finished",
    "item_scraped_count": 40,
    "log_count/INFO": 240,
    "memusage/max": 119975936,
}


def build_archive(path: Path, articles: int, days: int, runs_every: int) -> None:
    start = datetime(2026, 8, 1, tzinfo=KST)
    spacing = days * 86_400 / articles
    with ArticleStore(path) as store:
        batch = []
        for number, record in enumerate(records(articles)):
            site = SITES[number % len(SITES)]
            record["source"] = site
            record["url"] = f"https://{site}.example/article/{record['article_id']}"
            record["published_at"] = (start + timedelta(seconds=number * spacing)).isoformat()
            if number % 50 == 49:
                record["duplicate_of"] = f"https://{SITES[0]}.example/article/{number - 45}"
            batch.append(record)
            if len(batch) == BATCH:
                store.write(batch)
                batch = []
        store.write(batch)
        first = start.astimezone(UTC)
        rows = [
            (site, first + timedelta(minutes=minute), json.dumps(RUN_STATS))
            for minute in range(0, days * 1440, runs_every)
            for site in SITES
        ]
        with store.db:
            store.db.executemany(
                "INSERT INTO runs (spider, started_at, finished_at, finish_reason, items, "
                "inserted, updated, stats) VALUES (?, ?, ?, 'finished', 40, 38, 2, ?)",
                [
                    (
                        site,
                        at.isoformat(timespec="seconds"),
                        (at + timedelta(seconds=50)).isoformat(timespec="seconds"),
                        stats,
                    )
                    for site, at, stats in rows
                ],
            )


def reference(path: Path) -> float:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        begin = time.perf_counter()
        db.execute(
            "SELECT source, substr(published_at, 1, 10), count(*) FROM articles GROUP BY 1, 2"
        ).fetchall()
        return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--runs-every", type=int, default=15, help="minutes between runs")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.db"
        begin = time.perf_counter()
        build_archive(path, options.articles, options.days, options.runs_every)
        with sqlite3.connect(path) as db:
            runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        print(
            f"archive: {options.articles:,} articles, {runs:,} runs, "
            f"{path.stat().st_size / 2**20:,.0f} MiB, built in {time.perf_counter() - begin:.0f} s"
        )
        sql = reference(path)
        out = Path(folder) / "report.html"
        begin = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "report", "--db", str(path), "-o", str(out)],
            capture_output=True,
            text=True,
            check=True,
        )
        command = time.perf_counter() - begin
        with ArticleStore(path, readonly=True) as store:
            begin = time.perf_counter()
            build_report(store)
            inside = time.perf_counter() - begin
        print(done.stderr.strip())
        print(
            f"scrapy report: {command:.2f} s as a command, {inside:.2f} s in-process; "
            f"page {out.stat().st_size / 1e6:.2f} MB\n"
            f"reference (one GROUP BY source, day count): {sql:.2f} s; "
            f"report / reference: {inside / sql:.1f}x"
        )


if __name__ == "__main__":
    main()
