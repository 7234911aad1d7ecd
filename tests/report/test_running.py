"""A long crawl's progress in the archive, read by ``scrapy report`` while it has no end.

A real replay crawl of generated pages is killed (SIGKILL) once its run has
recorded a few batches: the report shows how far it got, from the counts and
progress figures its last batch left in the ``runs`` table.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from crawler.report import build_report
from crawler.store import ArticleStore
from tests.conftest import ROOT
from tests.synthetic import write_archive

PAGES = 1500
DEADLINE = 120.0


def recorded(archive: Path) -> tuple[int, dict] | None:
    """The items and stats the crawl's run row holds so far, once it has any."""
    if not archive.exists():
        return None
    try:
        with closing(sqlite3.connect(archive, timeout=5)) as db:
            row = db.execute("SELECT items, stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # the crawl is still creating the schema
        return None
    if row is None or not row[1]:
        return None
    return row[0], json.loads(row[1])


def test_a_killed_backfill_shows_how_far_it_got(tmp_path: Path) -> None:
    pages = tmp_path / "pages.warc.gz"
    write_archive(pages, PAGES, sitemap_size=500)
    archive = tmp_path / "a.db"
    crawl = subprocess.Popen(
        [
            sys.executable, "-m", "scrapy", "crawl", "hankyung", "-s", f"REPLAY={pages}",
            "-o", str(archive), "-s", "ARCHIVE_BATCH_SIZE=100", "-s", "PROGRESS_DELAY=0",
            "-s", "PROGRESS_INTERVAL=0.2", "-s", "PARSE_WORKERS=0", "-s", "LOG_LEVEL=WARNING",
        ],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + DEADLINE
    try:
        while True:
            state = recorded(archive)
            if state and state[0] >= 300 and "progress/left" in state[1]:
                break
            assert crawl.poll() is None, "the crawl ended before it was killed"
            assert time.monotonic() < deadline, f"no progress recorded in {DEADLINE} s"
            time.sleep(0.05)
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait()
    with ArticleStore(archive, readonly=True) as store:
        page, data = build_report(store)
        stored = store.count()
    [running] = data.running
    assert running.spider == "hankyung" and data.runs[-1].finished_at is None
    assert 300 <= running.stored <= stored < PAGES  # the batch committed after the snapshot
    assert running.inserted == running.stored
    # Found: scheduled or waiting in the discovery backlog; a few requests of the
    # batch being released are in neither for a moment.
    assert PAGES - 20 <= running.found <= PAGES and 0 < running.left < PAGES
    assert running.rate > 0 and running.eta_seconds is not None
    assert running.heard_at >= running.started_at
    assert data.last_failure is None  # nothing says it was killed until a later run starts
    assert '<h3 id="running">Running now 진행 중</h3>' in page
    assert f"<td>#{running.id}</td><td>hankyung</td>" in page
