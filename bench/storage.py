"""Articles per second into the SQLite archive, against a bare ``executemany``.

    python -m bench.storage [--sizes 10000 100000] [--json results.json]

For each size, in one run: the archive's own write path (upsert, authors
table, revisions check, trigram full-text index) in batches of
``ARCHIVE_BATCH_SIZE``, and two references, in one transaction per batch too:

- bare: plain ``executemany`` of the same rows into a table with the same
  columns and no index, the issue's reference;
- bare + index: the same, and the same text (title, subtitles, body) into a
  contentless FTS5 trigram table with the archive's index settings, which is
  what SQLite itself takes to keep a trigram index of these rows: no archive
  with that index can be faster.

All use WAL with synchronous=NORMAL on a fresh file.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from crawler.settings import ARCHIVE_BATCH_SIZE
from crawler.store.records import ARTICLE_FIELDS, to_row
from crawler.store.sqlite import ArticleStore
from tests.synthetic import records


def batches(rows: list[dict], size: int) -> list[list[dict]]:
    iterator = iter(rows)
    return list(iter(lambda: list(islice(iterator, size)), []))


def time_store(rows: list[dict], folder: Path) -> float:
    with ArticleStore(folder / "store.db") as store:
        start = time.perf_counter()
        for batch in batches(rows, ARCHIVE_BATCH_SIZE):
            store.write(batch)
        return time.perf_counter() - start


def time_bare(rows: list[dict], folder: Path, indexed: bool = False) -> float:
    db = sqlite3.connect(folder / f"bare-{indexed}.db")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"CREATE TABLE bare ({', '.join(ARTICLE_FIELDS)})")
    insert = f"INSERT INTO bare VALUES ({', '.join('?' * len(ARTICLE_FIELDS))})"
    if indexed:
        db.execute(
            "CREATE VIRTUAL TABLE bare_fts USING fts5 "
            "(text, content = '', tokenize = 'trigram', detail = 'none')"
        )
        db.executemany(
            "INSERT INTO bare_fts (bare_fts, rank) VALUES (?, ?)", archive_index_settings(folder)
        )
    start = time.perf_counter()
    for batch in batches(rows, ARCHIVE_BATCH_SIZE):
        values = [tuple(to_row(r).values()) for r in batch]
        with db:
            db.executemany(insert, values)
            if indexed:
                db.executemany("INSERT INTO bare_fts (text) VALUES (?)", map(_text, values))
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def archive_index_settings(folder: Path) -> list[tuple[str, int]]:
    """The settings of a new archive's full-text index (``hashsize``, ``automerge``)."""
    with ArticleStore(folder / "settings.db") as store:
        query = "SELECT k, v FROM articles_fts_config WHERE k != 'version'"
        return [tuple(row) for row in store.db.execute(query)]


_TITLE, _SUBTITLES, _BODY = (ARTICLE_FIELDS.index(f) for f in ("title", "subtitles", "body"))


def _text(values: tuple) -> tuple[str]:
    """The text the archive indexes, from a row's values."""
    return (f"{values[_TITLE]}\n{values[_SUBTITLES]}\n{values[_BODY]}",)


def run(sizes: list[int]) -> Iterator[dict]:
    """One result per size: the archive's rate, the bare reference's, and their ratio."""
    for size in sizes:
        rows = list(records(size))
        with tempfile.TemporaryDirectory() as folder:
            bare = time_bare(rows, Path(folder))
            indexed = time_bare(rows, Path(folder), indexed=True)
            store = time_store(rows, Path(folder))
        yield {
            "articles": size,
            "store_per_second": size / store,
            "bare_per_second": size / bare,
            "bare_indexed_per_second": size / indexed,
            "ratio": bare / store,
            "ratio_to_indexed": indexed / store,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = []
    columns = (("articles", 9), ("store/s", 9), ("bare/s", 9), ("ratio", 6))
    columns += (("bare+fts/s", 10), ("ratio", 6))
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    for result in run(args.sizes):
        results.append(result)
        print(
            f"{result['articles']:>9} {result['store_per_second']:>9.0f} "
            f"{result['bare_per_second']:>9.0f} {result['ratio']:>6.2f} "
            f"{result['bare_indexed_per_second']:>10.0f} {result['ratio_to_indexed']:>6.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
