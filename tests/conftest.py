"""Shared test helpers: fixture paths and a real replay crawl in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_selector(relative: str) -> Selector:
    """A selector over a saved page in tests/fixtures."""
    return Selector(text=(FIXTURES / relative).read_text(encoding="utf-8"), type="html")


@dataclass
class CrawlResult:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    output: Path


def scrapy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a ``scrapy`` command in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_crawl(
    tmp_path: Path,
    spider: str,
    *args: str,
    output: str = "out.jsonl",
    append: bool = False,
    returncode: int = 0,
) -> CrawlResult:
    """Run ``scrapy crawl`` in a subprocess, as a user would, and read what it wrote.

    *output* is the ``-O`` target (``-o`` with *append*) inside *tmp_path*;
    its JSON Lines are read back when it is a ``.jsonl`` file.
    """
    out = tmp_path / output
    stats_file = tmp_path / "stats.json"
    stats_file.unlink(missing_ok=True)
    done = scrapy(
        "crawl", spider, "-o" if append else "-O", str(out), "-s", f"STATS_FILE={stats_file}", *args
    )
    assert done.returncode == returncode, done.stderr[-4000:]
    items = []
    if out.suffix == ".jsonl" and out.exists():
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return CrawlResult(items=items, stats=stats, log=done.stderr, output=out)


@pytest.fixture
def crawl(tmp_path: Path):
    """``crawl(spider, *args)`` runs a real crawl into a temporary folder."""

    def _crawl(spider: str, *args: str, **options: Any) -> CrawlResult:
        return run_crawl(tmp_path, spider, *args, **options)

    return _crawl


# Fixtures shared by the tests of what reads an archive (report, sites). Imported
# last: that module builds its archive with the helpers above.
from tests.crawled_archive import chromium, crawled_archive  # noqa: E402

__all__ = ["chromium", "crawled_archive"]
