"""Several crawls writing to one SQLite archive: none loses, fails or empties another's work."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crawler.store import ArticleStore, StoreError, check_archive
from crawler.store.files import check_may_empty, reset_archive
from tests.conftest import FIXTURES, scrapy
from tests.stress.archive_writers import stress

RECORD = json.loads((FIXTURES / "hankyung/article-202401298662Y.json").read_text("utf-8"))


def records(count: int, start: int = 0) -> list[dict]:
    return [
        {**RECORD, "article_id": f"x{n}", "url": f"https://www.hankyung.com/article/x{n}"}
        for n in range(start, start + count)
    ]


def count_in_another_process(path: Path) -> int:
    """What a new connection in another process finds, as a reader or the next crawl would."""
    script = (
        "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
        "print(db.execute('SELECT count(*) FROM articles').fetchone()[0]); db.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_a_second_store_in_the_process_leaves_the_first_ones_commits_visible(
    tmp_path: Path,
) -> None:
    # A crawl opens the archive twice (its writer and its deduplication state).
    # Opening the file outside SQLite dropped the locks SQLite held for the
    # process: another process closing its connection then reset the WAL,
    # and every later commit of the crawl went to a deleted file.
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records(3))
        ArticleStore(path).close()
        assert count_in_another_process(path) == 3
        writer.write(records(3, start=3))
        assert count_in_another_process(path) == 6
        assert writer.verify().ok


def test_stores_created_at_once_all_open_one_schema(tmp_path: Path) -> None:
    for attempt in range(10):
        path = tmp_path / f"new-{attempt}.db"
        errors: list[Exception] = []

        def open_store(path: Path = path, errors: list[Exception] = errors) -> None:
            try:
                ArticleStore(path, timeout=30).close()
            except StoreError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_store) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with ArticleStore(path, readonly=True) as store:
            assert store.count() == 0
            assert store.schema_version() == 5


def test_writers_wait_for_each_others_batches(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    written: list[int] = []

    def second_crawl() -> None:
        with ArticleStore(path, timeout=30) as second:
            written.append(second.write(records(2, start=10)).inserted)

    with ArticleStore(path) as first:
        first.db.execute("BEGIN IMMEDIATE")
        waiting = threading.Thread(target=second_crawl)
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive()  # waits for the write lock, without failing
        first.db.commit()
        waiting.join()
        first.write(records(2))
        assert written == [2]
        assert first.count() == 4


def test_fresh_archive_is_refused_while_another_crawl_writes(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records(2))
        for refuse in (lambda: check_may_empty(path), lambda: reset_archive(path)):
            with pytest.raises(StoreError) as raised:
                refuse()
            assert raised.value.reason == "busy"
        writer.write(records(1, start=2))
        assert writer.verify().ok
    with ArticleStore(path, readonly=True) as store:
        assert store.count() == 3


def test_fresh_archive_refused_as_the_crawl_opens_when_a_writer_came_first(tmp_path: Path) -> None:
    # The stress's race: a crawl starts writing after "-O"'s command-line
    # check. The store pipeline, set up next, must then leave the archive be:
    # "-O" refuses, emptying nothing, and the crawl closes as it opens.
    from scrapy.utils.test import get_crawler

    from crawler.pipelines.store import StorePipeline

    path = tmp_path / "articles.db"
    crawler = get_crawler(settings_dict={"ARCHIVE": str(path), "ARCHIVE_OVERWRITE": True})
    crawler.stats.open_spider()
    with ArticleStore(path) as writer:
        writer.write(records(2))
        check_archive(path, overwrite=True)
        pipeline = StorePipeline.from_crawler(crawler)
        assert pipeline.refused and pipeline.store is None
        assert crawler.stats.get_value("archive/refused/busy") == 1
        assert writer.count() == 2
        assert writer.verify().ok


def test_fresh_archive_is_emptied_in_place(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as store:
        store.write(records(5))
        store.start_run("hankyung")
    inode = os.stat(path).st_ino
    with ArticleStore(path, readonly=True) as reader:
        reset_archive(path)
        assert reader.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert os.stat(path).st_ino == inode
    with ArticleStore(path) as store:
        assert store.count() == 0
        assert store.db.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
        assert store.integrity_check() == "ok"


def test_a_fresh_archive_replaces_a_file_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    path.write_text("not a database", encoding="utf-8")
    reset_archive(path)
    with ArticleStore(path) as store:
        assert store.count() == 0


def test_a_replaced_archive_is_found_and_its_rows_read_back(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records(3))
        run = writer.start_run("hankyung")
        writer.finish_run(run, writer.write([]), {}, "finished")
        assert writer.verify(run).ok
        other = tmp_path / "other.db"
        ArticleStore(other).close()
        other.replace(path)
        found = writer.verify(run)
        assert found.replaced and not found.ok
        recovered = list(writer.written_records(found.missing))
    assert sorted(r["article_id"] for r in recovered) == ["x0", "x1", "x2"]
    assert recovered[0]["title"] == RECORD["title"]


def test_rows_missing_from_the_file_are_found(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records(3))
        with sqlite3.connect(path) as other:
            other.execute("DELETE FROM articles WHERE article_id = 'x1'")
        found = writer.verify()
        assert not found.replaced
        assert len(found.missing) == 1
        assert found.run_recorded


def test_crawl_with_O_exits_2_and_keeps_an_archive_another_crawl_writes(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    with ArticleStore(path) as writer:
        writer.write(records(2))
        done = scrapy(
            "crawl", "hankyung", "-O", str(path), "-s", f"REPLAY={FIXTURES / 'hankyung'}"
        )  # fmt: skip
        assert done.returncode == 2
        assert "is being written by another crawl" in done.stderr
        assert writer.count() == 2
        assert writer.verify().ok


def test_staggered_crawls_into_one_archive_lose_nothing() -> None:
    # The short version of tests/stress/archive_writers.py (1,000 rounds on demand).
    result = stress(rounds=6, seconds=40, seed=7)
    assert result["failures"] == []
    assert result["totals"]["rounds"] >= 3
    assert result["totals"].get("3-writer rounds", 0) >= 1


def test_a_crawl_refused_as_it_opens_closes_with_nothing_emptied(tmp_path: Path) -> None:
    # CrawlerProcess in a script has no command-line check: "-O" meets the
    # other crawl only when the crawl opens, and must close at once.
    db, stats = tmp_path / "articles.db", tmp_path / "stats.json"
    script = (
        "import sys\n"
        "from scrapy.crawler import CrawlerProcess\n"
        "from scrapy.utils.project import get_project_settings\n"
        "settings = get_project_settings()\n"
        "settings.set('ARCHIVE', sys.argv[1])\n"
        "settings.set('ARCHIVE_OVERWRITE', True)\n"
        "settings.set('REPLAY', sys.argv[2])\n"
        "settings.set('STATS_FILE', sys.argv[3])\n"
        "process = CrawlerProcess(settings)\n"
        "process.crawl('hankyung')\n"
        "process.start()\n"
    )
    with ArticleStore(db) as writer:
        writer.write(records(2))
        done = subprocess.run(
            [sys.executable, "-c", script, str(db), str(FIXTURES / "hankyung"), str(stats)],
            cwd=FIXTURES.parent.parent, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert "is being written by another crawl" in done.stderr
        assert writer.count() == 2
        assert writer.verify().ok
    found = json.loads(stats.read_text(encoding="utf-8"))
    assert found["finish_reason"] == "archive_busy"
    assert "item_scraped_count" not in found
