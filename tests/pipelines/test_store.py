"""The archive through -o/-O (the store pipeline): adds, starts afresh, holds what the
JSON Lines feed beside it holds, refuses a bad archive before the crawl starts."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.store import ArticleStore
from tests.conftest import FIXTURES, scrapy

REPLAY = f"REPLAY={FIXTURES / 'hankyung'}"


def without_fetched_at(records: list[dict]) -> list[dict]:
    return sorted(
        ({k: v for k, v in r.items() if k != "fetched_at"} for r in records),
        key=lambda r: r["article_id"],
    )


def test_two_crawls_into_one_archive_add_nothing_twice(crawl, tmp_path: Path) -> None:
    first = crawl("hankyung", "-s", REPLAY, output="articles.db", append=True)
    second = crawl("hankyung", "-s", REPLAY, output="articles.db", append=True)
    assert first.stats["archive/inserted"] == 2
    # The second run finds both articles stored and unchanged, and skips them.
    assert second.stats["incremental/skipped"] == 2
    assert "article/parsed/hankyung" not in second.stats
    assert "archive/inserted" not in second.stats
    with ArticleStore(tmp_path / "articles.db", readonly=True) as store:
        assert store.count() == 2
        assert store.integrity_check() == "ok"
        runs = store.db.execute("SELECT spider, items, inserted, unchanged FROM runs").fetchall()
        assert [tuple(r) for r in runs] == [("hankyung", 2, 2, 0), ("hankyung", 0, 0, 0)]


def test_overwrite_starts_a_fresh_archive(crawl, tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        stale = json.loads((FIXTURES / "hankyung/article-202401298662Y.json").read_text("utf-8"))
        store.write([{**stale, "article_id": "2020010100001"}])
    crawl("hankyung", "-s", REPLAY, output="articles.db")
    with ArticleStore(path, readonly=True) as store:
        assert sorted(r["article_id"] for r in store.records()) == [
            "202401298662Y",
            "2026042037091",
        ]


def test_overwrite_of_an_archive_holding_the_same_articles(crawl, tmp_path: Path) -> None:
    # The natural re-run: "-O" again over yesterday's archive. Its dedupe state
    # must start fresh with it, or every article is "unchanged", dropped, and
    # the fresh archive is left empty.
    crawl("hankyung", "-s", REPLAY, output="articles.db")
    again = crawl("hankyung", "-s", REPLAY, output="articles.db")
    assert again.stats["archive/inserted"] == 2
    assert "dedupe/dropped/unchanged" not in again.stats
    with ArticleStore(tmp_path / "articles.db", readonly=True) as store:
        assert store.count() == 2
        assert store.db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_archive_holds_what_the_jsonl_feed_holds(crawl, tmp_path: Path) -> None:
    jsonl = crawl("hankyung", "-s", REPLAY, output="articles.jsonl")
    crawl("hankyung", "-s", REPLAY, output="articles.db")
    done = scrapy("export", "--db", str(tmp_path / "articles.db"), "-O", str(tmp_path / "x.jsonl"))
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text("utf-8").splitlines()]
    assert without_fetched_at(exported) == without_fetched_at(jsonl.items)


def test_jsonl_to_sqlite_to_jsonl_gives_the_same_records(crawl, tmp_path: Path) -> None:
    original = crawl("hankyung", "-s", REPLAY, output="articles.jsonl").items
    with ArticleStore(tmp_path / "copy.db") as store:
        store.write(original)
    done = scrapy("export", "--db", str(tmp_path / "copy.db"))
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    assert sorted(exported, key=lambda r: r["article_id"]) == sorted(
        original, key=lambda r: r["article_id"]
    )
    assert list(exported[0]) == list(original[0])  # same key order


def test_a_corrupt_archive_stops_the_crawl_before_it_starts(crawl, tmp_path: Path) -> None:
    (tmp_path / "articles.db").write_text("not a database", encoding="utf-8")
    result = crawl("hankyung", "-s", REPLAY, output="articles.db", append=True, returncode=2)
    assert "Error: cannot write the archive" in result.log
    assert "is not a SQLite database" in result.log
    assert "Traceback" not in result.log
    assert (tmp_path / "articles.db").read_text(encoding="utf-8") == "not a database"


def test_an_unreachable_postgresql_stops_the_crawl_before_it_starts() -> None:
    # Port 9 (discard) has no PostgreSQL behind it: the connection is refused.
    done = scrapy(
        "crawl", "hankyung", "-s", REPLAY, "-O", "postgresql://postgres@127.0.0.1:9/test:pg"
    )  # fmt: skip
    assert done.returncode == 2
    assert "Error: cannot write the archive: cannot connect to" in done.stderr
    assert "Traceback" not in done.stderr


def test_one_archive_per_crawl(tmp_path: Path) -> None:
    done = scrapy(
        "crawl", "hankyung", "-s", REPLAY, "-o", str(tmp_path / "a.db"), "-o", str(tmp_path / "b.db")
    )  # fmt: skip
    assert done.returncode == 2
    assert "give one archive" in done.stderr
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()


def test_a_crawl_without_an_archive_has_no_store_pipeline(crawl) -> None:
    result = crawl("hankyung", "-s", REPLAY)
    assert len(result.items) == 2
    assert "StorePipeline" not in result.log.split("Enabled item pipelines:")[1].split("]")[0]
    assert not any(key.startswith("archive/") for key in result.stats)
