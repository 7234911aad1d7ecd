"""Three workers share one Redis frontier and one PostgreSQL archive; one is killed."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from crawler.store.postgres import PostgresStore
from tests.conftest import ROOT
from tests.synthetic import write_archive

PAGES = 1000


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "archive.warc"
    write_archive(path, PAGES)
    return path


def worker(archive: Path, redis_url: str, postgres_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "scrapy", "crawl", "hankyung",
            "-o", f"{postgres_url}:pg", "-s", f"REPLAY={archive}", "-s", f"REDIS_URL={redis_url}",
            "-s", "CLUSTER_LEASE_SECONDS=4", "-s", "LOG_LEVEL=WARNING",
            "-s", "ARCHIVE_BATCH_SECONDS=1",
        ],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def stored(postgres_url: str) -> tuple[int, int]:
    with psycopg.connect(postgres_url) as db:
        try:
            row = db.execute(
                "SELECT count(*), count(DISTINCT (source, article_id)) FROM articles"
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return 0, 0
    return row[0], row[1]


def test_three_workers_one_killed(
    archive: Path, redis_url: str, postgres_url: str, tmp_path: Path
) -> None:
    PostgresStore(postgres_url).close()  # schema first, so the polling below can count
    workers = [worker(archive, redis_url, postgres_url) for _ in range(3)]
    deadline = time.monotonic() + 180
    while stored(postgres_url)[0] < 150 and time.monotonic() < deadline:
        assert all(w.poll() is None for w in workers), "a worker ended before the kill"
        time.sleep(0.1)
    workers[0].send_signal(signal.SIGKILL)
    workers[0].communicate(timeout=30)
    logs = []
    for survivor in workers[1:]:
        _, err = survivor.communicate(timeout=300)
        assert survivor.returncode == 0, err[-3000:]
        logs.append(err[-1500:])

    total, distinct = stored(postgres_url)
    assert total == distinct == PAGES, "\n".join(logs)

    # The same archive on one machine into SQLite gives the same articles.
    db = tmp_path / "one.db"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "hankyung", "-O", str(db),
         "-s", f"REPLAY={archive}", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(db) as local:
        local_keys = set(local.execute("SELECT source, article_id FROM articles").fetchall())
    with PostgresStore(postgres_url) as shared:
        assert shared.keys() == local_keys
