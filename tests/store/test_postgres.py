"""The PostgreSQL archive on the same real records as the SQLite one: upsert, revisions,
authors, search, runs (a real server, see tests/services.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.store.postgres import PostgresStore
from tests.store.test_sqlite import records


@pytest.fixture
def store(postgres_url: str) -> Iterator[PostgresStore]:
    with PostgresStore(postgres_url) as opened:
        yield opened


def row(store: PostgresStore, article_id: str) -> dict:
    return store.db.execute(
        "SELECT revision, body, modified_at, content_hash, previous_hash FROM articles "
        "WHERE source = 'hankyung' AND article_id = %s",
        (article_id,),
    ).fetchone()


def test_upsert_never_adds_a_second_row(store: PostgresStore) -> None:
    first = store.write(records())
    again = store.write(records())
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert store.count() == 2 and store.count("hankyung") == 2 and store.count("mk") == 0


def test_changed_body_is_a_new_revision_in_place(store: PostgresStore) -> None:
    store.write(records())
    old = row(store, "2026042037091")
    changed = records()[1]
    changed["body"] += "\n\n(정정) 기사 일부를 바로잡습니다."
    changed["modified_at"] = "2026-04-20T22:00:00+09:00"
    assert store.write([changed]).updated == 1
    new = row(store, "2026042037091")
    assert new["revision"] == 2 and new["previous_hash"] == old["content_hash"]
    assert new["body"].endswith("바로잡습니다.")
    [revision] = store.db.execute("SELECT revision, body FROM article_revisions").fetchall()
    assert revision["revision"] == 1 and revision["body"] == old["body"]
    assert store.count() == 2


def test_later_modified_at_alone_counts_as_an_update(store: PostgresStore) -> None:
    store.write(records())
    newer = records()[0]
    newer["modified_at"] = "2024-01-30T09:00:00+09:00"
    assert store.write([newer]).updated == 1
    assert row(store, "202401298662Y")["modified_at"] == "2024-01-30T09:00:00+09:00"


def test_records_round_trip(store: PostgresStore) -> None:
    store.write(records())
    assert list(store.records()) == records()
    assert list(store.records(source="mk")) == []
    saved = records()[1]
    assert store.stored_date(("hankyung", "2026042037091")) == (True, saved["modified_at"])
    assert store.stored_date(("hankyung", "1")) == (False, None)


def test_authors_table(store: PostgresStore) -> None:
    store.write(records())
    rows = store.db.execute(
        "SELECT w.article_id, w.name, w.email FROM article_authors w ORDER BY w.article_id"
    ).fetchall()
    assert [tuple(r.values()) for r in rows] == [("2026042037091", "김은정", "kej@hankyung.com")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("삼성전자", ["202401298662Y"]),
        ("전자가", ["202401298662Y"]),
        ("전기차", ["2026042037091"]),
        ("바이두 어니봇", ["202401298662Y"]),
        ("중국", ["2026042037091", "202401298662Y"]),
        ("반도체", []),
        ("100%", []),  # LIKE's wildcards are literal
    ],
)
def test_search(store: PostgresStore, query: str, expected: list[str]) -> None:
    store.write(records())
    assert [hit["article_id"] for hit in store.search(query)] == expected


def test_a_run_is_recorded_with_its_counts(store: PostgresStore) -> None:
    run = store.start_run("hankyung")
    counts = store.write(records())
    store.finish_run(run, counts, {"item_scraped_count": 2}, "finished")
    recorded = store.db.execute(
        "SELECT spider, finish_reason, items, inserted, updated, unchanged FROM runs WHERE id = %s",
        (run,),
    ).fetchone()
    assert recorded == {
        "spider": "hankyung", "finish_reason": "finished", "items": 2, "inserted": 2,
        "updated": 0, "unchanged": 0,
    }  # fmt: skip
