"""Article records written as JSON Lines, CSV or Parquet, for ``scrapy export``.

The three carry the same fields in the same order (the Article record's).
JSON Lines is the records as a crawl's ``-O articles.jsonl`` writes them.
CSV has one column per field; the structured ones (subtitles, authors,
keywords, images) hold their JSON, and an empty cell is a missing value.
Parquet keeps the structure in its own types — lists of strings, lists of
``{name, email}`` and ``{url, caption}`` structs — and the times as
timestamps: ``published_at`` and ``modified_at`` in +09:00, ``fetched_at``
in UTC, so pandas, DuckDB and Spark read them as times, not text. Parquet
needs pyarrow (the ``[parquet]`` extra).
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from crawler.items import ARTICLE_FIELD_NAMES
from crawler.store.records import JSON_FIELDS

FORMATS = ("jsonl", "csv", "parquet")
TIMES = {"published_at": "+09:00", "modified_at": "+09:00", "fetched_at": "UTC"}
"""Time fields, and the time zone Parquet stores each in."""
ROW_GROUP = 10_000
"""Records per Parquet row group: what is held in memory at once."""


def format_of(path: str) -> str:
    """The format a file name asks for: ``.csv`` (or ``.csv.gz``), ``.parquet``, else JSON Lines."""
    name = path.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    return "jsonl"


def write_records(records: Iterable[dict[str, Any]], path: str, form: str) -> int:
    """Write *records* to *path* (``-``: standard output) as *form*; return how many."""
    if form == "parquet":
        if path == "-":
            raise ValueError("Parquet cannot be written to standard output: give a file")
        return _write_parquet(records, Path(path))
    with _text_output(path) as out:
        if form == "csv":
            return _write_csv(records, out)
        count = 0
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count


def _write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ARTICLE_FIELD_NAMES)
    count = 0
    for record in records:
        writer.writerow(_csv_cell(name, record[name]) for name in ARTICLE_FIELD_NAMES)
        count += 1
    return count


def _csv_cell(name: str, value: Any) -> str:
    if name in JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def parquet_schema() -> Any:
    """The Parquet schema of Article records."""
    import pyarrow as pa

    text = pa.string()
    types = {
        "subtitles": pa.list_(text),
        "keywords": pa.list_(text),
        "authors": pa.list_(pa.struct([("name", text), ("email", text)])),
        "images": pa.list_(pa.struct([("url", text), ("caption", text)])),
        **{name: pa.timestamp("us", tz=zone) for name, zone in TIMES.items()},
    }
    return pa.schema([(name, types.get(name, text)) for name in ARTICLE_FIELD_NAMES])


def _write_parquet(records: Iterable[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    iterator = iter(records)
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        while batch := list(islice(iterator, ROW_GROUP)):
            columns = {
                name: [_parquet_value(name, record[name]) for record in batch]
                for name in ARTICLE_FIELD_NAMES
            }
            writer.write_table(pa.table(columns, schema=schema))
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def _parquet_value(name: str, value: Any) -> Any:
    if name in TIMES and value is not None:
        return datetime.fromisoformat(value)
    return value


@contextmanager
def _text_output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
    elif path.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8", newline="") as out:
            yield out
    else:
        with open(path, "w", encoding="utf-8", newline="") as out:
            yield out
