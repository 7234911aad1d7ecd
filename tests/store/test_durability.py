"""A crawl killed with SIGKILL mid-run leaves a sound archive; the next run completes it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.synthetic import write_archive

PAGES = 1200


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "archive.warc"
    write_archive(path, PAGES)
    return path


def crawl_command(archive: Path, db: Path) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "hankyung", "-o", str(db),
        "-s", f"REPLAY={archive}", "-s", "ARCHIVE_BATCH_SIZE=50", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip


def count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as reader:
        return reader.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_kill_mid_run_then_resume(big_archive: Path, tmp_path: Path) -> None:
    db = tmp_path / "articles.db"
    process = subprocess.Popen(
        crawl_command(big_archive, db),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    committed = 0
    deadline = time.monotonic() + 120
    while committed < 100 and time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before it could be killed"
        time.sleep(0.05)
        if db.exists():
            try:
                committed = count(db)
            except sqlite3.OperationalError:
                committed = 0  # schema not created yet
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_kill = count(db)
    assert committed <= after_kill < PAGES

    done = subprocess.run(
        crawl_command(big_archive, db), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        total, distinct = check.execute(
            "SELECT count(*), count(DISTINCT source || '/' || article_id) FROM articles"
        ).fetchone()
        runs = check.execute("SELECT count(*), sum(finished_at IS NULL) FROM runs").fetchone()
    assert total == distinct == PAGES
    assert runs == (2, 1)  # the killed run never finished
