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


def run_crawl(tmp_path: Path, spider: str, *args: str, output: str = "out.jsonl") -> CrawlResult:
    """Run ``scrapy crawl`` in a subprocess, as a user would, and read what it wrote."""
    out = tmp_path / output
    stats_file = tmp_path / "stats.json"
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-O",
        str(out),
        "-s",
        f"STATS_FILE={stats_file}",
        *args,
    ]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    return CrawlResult(items=items, stats=stats, log=done.stderr, output=out)


@pytest.fixture
def crawl(tmp_path: Path):
    """``crawl(spider, *args)`` runs a real crawl into a temporary folder."""

    def _crawl(spider: str, *args: str, output: str = "out.jsonl") -> CrawlResult:
        return run_crawl(tmp_path, spider, *args, output=output)

    return _crawl
