"""Gzipped JSON Lines (``-O articles.jsonl.gz``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import FIXTURES

REPLAY = f"REPLAY={FIXTURES / 'hankyung'}"


def test_gzipped_jsonl(crawl, tmp_path: Path) -> None:
    crawl("hankyung", "-s", REPLAY, output="articles.jsonl.gz")
    crawl("hankyung", "-s", REPLAY, output="articles.jsonl.gz", append=True)
    with gzip.open(tmp_path / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    assert len(records) == 4
    assert {r["article_id"] for r in records} == {"202401298662Y", "2026042037091"}
