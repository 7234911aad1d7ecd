"""Optional parts: a SQLite crawl needs none, and a feature that needs one names its extra."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT
from tests.synthetic import write_archive

REPLAY = f"REPLAY={FIXTURES / 'hankyung'}"


def scrapy_without(modules: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    """``scrapy`` in a subprocess where importing *modules* fails, as if not installed."""
    blocked = "; ".join(f"sys.modules[{m!r}] = None" for m in modules)
    script = f"import sys; {blocked}; from scrapy.cmdline import execute; execute()"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_a_sqlite_crawl_of_a_gzipped_warc_needs_no_extra(tmp_path: Path) -> None:
    db, warc = tmp_path / "articles.db", tmp_path / "crawl.warc.gz"
    write_archive(warc, 20)  # gzipped per record: without ISA-L, zlib inflates it
    extras = ["psycopg", "scrapy_redis", "redis", "isal"]
    done = scrapy_without(extras, "crawl", "hankyung", "-s", f"REPLAY={warc}", "-o", str(db))
    assert done.returncode == 0, done.stderr[-2000:]
    with sqlite3.connect(db) as archive:
        assert archive.execute("SELECT count(*) FROM articles").fetchone()[0] == 20


def test_a_postgresql_archive_without_its_extra_is_one_line() -> None:
    done = scrapy_without(
        ["psycopg"], "crawl", "hankyung", "-s", REPLAY, "-o", "postgresql://kbiz@127.0.0.1/news:pg"
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: cannot write the archive: A PostgreSQL archive needs the [postgres] extra: "
        "pip install 'kbiz-news-crawler[postgres]'"
    )


def test_several_machines_without_their_extra_is_one_line() -> None:
    done = scrapy_without(
        ["scrapy_redis"],
        "crawl",
        "hankyung",
        "-s",
        REPLAY,
        "-s",
        "REDIS_URL=redis://127.0.0.1:6379/15",
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "Error: REDIS_URL (several machines) needs the [cluster] extra: "
        "pip install 'kbiz-news-crawler[cluster]'"
    )
