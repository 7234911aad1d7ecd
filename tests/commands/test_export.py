"""``scrapy export`` to JSON Lines, CSV and Parquet: the same records, on a crawled archive."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from crawler.items import ARTICLE_FIELD_NAMES
from crawler.store.formats import TIMES
from crawler.store.records import JSON_FIELDS
from tests.conftest import scrapy


def export(archive: Path, out: Path, *options: str) -> int:
    done = scrapy("export", "--db", str(archive), "-O", str(out), *options)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split()[0])


def read_csv_records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Records back from the CSV export, as a user reads it: the list fields are JSON text."""
    for row in csv.DictReader(lines):
        yield {
            name: json.loads(row[name]) if name in JSON_FIELDS else (row[name] or None)
            for name in ARTICLE_FIELD_NAMES
        }


def read_parquet_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records back from the Parquet export, its timestamps as ISO 8601 text again."""
    for row in pq.read_table(path).to_pylist():
        for name in TIMES:
            if row[name] is not None:
                row[name] = row[name].isoformat()
        yield row


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_csv_and_parquet_hold_the_records_of_json_lines(
    crawled_archive: Path, tmp_path: Path
) -> None:
    assert export(crawled_archive, tmp_path / "a.jsonl") == 12
    records = jsonl(tmp_path / "a.jsonl")
    assert {r["source"] for r in records} == {"edaily", "generic", "hankyung", "mk", "mt"}
    assert export(crawled_archive, tmp_path / "a.csv") == 12
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(ARTICLE_FIELD_NAMES)
    assert "삼성전자, 中출시 갤럭시 S24에 바이두 AI '어니봇' 탑재" in text  # UTF-8 as written
    assert list(read_csv_records(text.splitlines(keepends=True))) == records
    assert export(crawled_archive, tmp_path / "a.parquet") == 12
    assert list(read_parquet_records(tmp_path / "a.parquet")) == records


def test_parquet_keeps_structure_and_times_typed(crawled_archive: Path, tmp_path: Path) -> None:
    export(crawled_archive, tmp_path / "a.parquet", "--source", "hankyung")
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.column_names == list(ARTICLE_FIELD_NAMES)
    assert table.schema.field("published_at").type == pa.timestamp("us", tz="+09:00")
    assert table.schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("authors").type == pa.list_(
        pa.struct([("name", pa.string()), ("email", pa.string())])
    )
    rows = table.to_pylist()
    assert [r["article_id"] for r in rows] == ["202401298662Y", "2026042037091"]
    assert rows[1]["published_at"].isoformat() == "2026-04-20T21:00:01+09:00"
    assert rows[1]["authors"] == [{"name": "김은정", "email": "kej@hankyung.com"}]


def test_gzipped_csv_and_filters(crawled_archive: Path, tmp_path: Path) -> None:
    count = export(
        crawled_archive, tmp_path / "mk.csv.gz", "--source", "mk", "--since", "2025-05-29"
    )
    with gzip.open(tmp_path / "mk.csv.gz", "rt", encoding="utf-8") as lines:
        records = list(read_csv_records(lines))
    assert count == len(records) == 3
    assert [r["published_at"][:10] for r in records] == ["2025-05-30", "2025-05-30", "2025-06-04"]


def test_parquet_to_standard_output_is_refused_in_one_line(crawled_archive: Path) -> None:
    done = scrapy("export", "--db", str(crawled_archive), "--format", "parquet")
    assert done.returncode == 2
    assert (
        done.stderr == "Error: Parquet cannot be written to standard output: give a file with -O\n"
    )
