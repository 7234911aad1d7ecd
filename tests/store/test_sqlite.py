"""The SQLite archive on real records: upsert, revisions, search, bad files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.store import ArticleStore, StoreError
from crawler.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import FIXTURES

PAGES = ["article-202401298662Y", "article-2026042037091"]


def records() -> list[dict]:
    out = []
    for page in PAGES:
        record = json.loads((FIXTURES / "hankyung" / f"{page}.json").read_text(encoding="utf-8"))
        record["fetched_at"] = "2026-11-29T10:00:00+00:00"
        out.append(record)
    return out


@pytest.fixture
def store(tmp_path: Path):
    with ArticleStore(tmp_path / "articles.db") as opened:
        yield opened


def test_schema_is_created_and_versioned(store: ArticleStore) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "article_authors", "article_revisions", "runs", "articles_fts"} <= tables
    indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"articles_published_at", "articles_source_published_at"} <= indexes
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_never_adds_a_second_row(store: ArticleStore) -> None:
    first = store.write(records())
    again = store.write(records())
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert store.count() == 2
    assert store.count("hankyung") == 2


def test_changed_body_is_a_new_revision_in_place(store: ArticleStore) -> None:
    store.write(records())
    old = store.get("hankyung", "2026042037091")
    changed = records()[1]
    changed["body"] += "\n\n(정정) 기사 일부를 바로잡습니다."
    changed["modified_at"] = "2026-04-20T22:00:00+09:00"
    counts = store.write([changed])
    assert counts.updated == 1
    new = store.get("hankyung", "2026042037091")
    assert new["revision"] == 2
    assert new["previous_hash"] == old["content_hash"]
    assert new["body"].endswith("바로잡습니다.")
    [revision] = store.db.execute("SELECT revision, body FROM article_revisions").fetchall()
    assert revision["revision"] == 1 and revision["body"] == old["body"]
    assert store.count() == 2


def test_later_modified_at_alone_counts_as_an_update(store: ArticleStore) -> None:
    store.write(records())
    newer = records()[0]
    newer["modified_at"] = "2024-01-30T09:00:00+09:00"
    assert store.write([newer]).updated == 1
    assert store.get("hankyung", "202401298662Y")["modified_at"] == "2024-01-30T09:00:00+09:00"


def test_records_round_trip(store: ArticleStore) -> None:
    store.write(records())
    assert list(store.records()) == records()
    assert [r["article_id"] for r in store.records(since="2026-01-01")] == ["2026042037091"]
    assert [r["article_id"] for r in store.records(until="2026-01-01")] == ["202401298662Y"]
    assert list(store.records(source="mk")) == []


def test_authors_table(store: ArticleStore) -> None:
    store.write(records())
    rows = store.db.execute(
        "SELECT a.article_id, w.name, w.email FROM article_authors w "
        "JOIN articles a USING (source, article_id)"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("2026042037091", "김은정", "kej@hankyung.com")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("삼성전자", ["202401298662Y"]),  # a word
        ("전자가", ["202401298662Y"]),  # a substring across a particle (삼성전자가)
        ("전기차", ["2026042037091"]),
        ("바이두 어니봇", ["202401298662Y"]),  # every term must occur
        ("중국", ["2026042037091", "202401298662Y"]),  # two characters: scanned, newest first
        ("반도체", []),
    ],
)
def test_full_text_search(store: ArticleStore, query: str, expected: list[str]) -> None:
    store.write(records())
    assert [hit["article_id"] for hit in store.search(query)] == expected


def test_run_is_recorded(store: ArticleStore) -> None:
    run = store.start_run("hankyung")
    counts = store.write(records())
    store.finish_run(run, counts, {"item_scraped_count": 2}, "finished")
    row = store.db.execute("SELECT * FROM runs WHERE id = ?", (run,)).fetchone()
    assert (row["spider"], row["items"], row["inserted"], row["finish_reason"]) == (
        "hankyung", 2, 2, "finished",
    )  # fmt: skip
    assert json.loads(row["stats"]) == {"item_scraped_count": 2}


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    path.write_bytes((FIXTURES / "hankyung/article-202401298662Y.html").read_bytes())
    with pytest.raises(StoreError) as raised:
        ArticleStore(path)
    assert raised.value.reason == "corrupt"


def test_a_damaged_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        store.write(records())
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # overwrite the schema page after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as raised:
        ArticleStore(path)
    assert raised.value.reason == "corrupt"


def test_a_locked_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    ArticleStore(path).close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as raised:
            ArticleStore(path, timeout=0.1)
        assert raised.value.reason == "locked"
    finally:
        holder.rollback()
        holder.close()


def test_readers_query_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records())
        writer.db.execute("BEGIN IMMEDIATE")
        writer.db.execute("DELETE FROM articles")
        with ArticleStore(path, readonly=True) as reader:
            assert reader.count() == 2
        writer.db.rollback()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    ArticleStore(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError) as raised:
        ArticleStore(path)
    assert raised.value.reason == "newer"


def test_search_uses_the_trigram_index(store: ArticleStore) -> None:
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM articles_fts WHERE text GLOB ?", ("*삼성전자*",)
    ).fetchall()
    assert plan[0][3].endswith("G0")


def test_glob_wildcards_in_a_query_are_literal(store: ArticleStore) -> None:
    store.write(records())
    assert store.search("S24*") == []
    assert [h["article_id"] for h in store.search("S24")] == ["202401298662Y"]


def assert_index_matches_articles(db: sqlite3.Connection) -> None:
    """FTS5's own check of the index against the rows it indexes (raises if they differ)."""
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def batch_steps(store: ArticleStore, size: int) -> int:
    """SQLite virtual-machine steps of writing one batch into an archive of *size* rows."""
    first, second = records()
    store.write(
        dict(first, url=f"{first['url']}-{n}", article_id=f"grown-{size}-{n}")
        for n in range(size - store.count())
    )
    new = dict(first, url=f"{first['url']}-new-{size}", article_id=f"new-{size}")
    changed = dict(second, body=f"{second['body']}\n\n추가 문단 {size}")
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store.db.set_progress_handler(count, 1)
    store.write([first, changed, new])
    store.db.set_progress_handler(None, 0)
    return steps


def test_a_batch_costs_the_same_in_a_ten_times_larger_archive(store: ArticleStore) -> None:
    # A statement that read a table through (SQLite answers "(source,
    # article_id) IN (VALUES ...)" with a scan) made every batch slower as
    # the archive grew: a cron job reading the whole file every few minutes.
    store.write(records())
    small = batch_steps(store, 300)
    large = batch_steps(store, 3000)
    assert large < small * 1.3, (small, large)


def test_every_batch_indexes_the_rows_it_adds(store: ArticleStore) -> None:
    first, second = records()
    store.write([first])
    changed = dict(second, body=second["body"] + "\n\n추가 문단: 반도체 수출")
    store.write([second, first, changed])
    assert_index_matches_articles(store.db)
    assert [hit["article_id"] for hit in store.search("반도체 수출")] == ["2026042037091"]
    assert [hit["article_id"] for hit in store.search("어니봇")] == ["202401298662Y"]


def test_an_archive_of_version_3_is_migrated_and_indexed_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:3], start=1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    db.close()
    with ArticleStore(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        store.write(records())
        assert_index_matches_articles(store.db)
        assert [hit["article_id"] for hit in store.search("전기차")] == ["2026042037091"]
        config = dict(store.db.execute("SELECT k, v FROM articles_fts_config"))
        assert (config["hashsize"], config["automerge"]) == (4194304, 16)
