"""Which -o/-O values name an archive, and what the crawl checks before it starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.store.files import StoreError
from crawler.store.target import ArchiveTarget, archive_uri


@pytest.mark.parametrize(
    ("output", "uri"),
    [
        ("data/articles.db", "data/articles.db"),
        ("data/articles.sqlite3", "data/articles.sqlite3"),
        ("file:///srv/news/articles.db", "/srv/news/articles.db"),
        ("data/articles:db", "data/articles"),
        ("postgresql://crawler:secret@db.example/news", "postgresql://crawler:secret@db.example/news"),
        ("postgresql://crawler@db.example/news:pg", "postgresql://crawler@db.example/news"),
        ("postgres://db.example/news", "postgres://db.example/news"),
        ("articles.jsonl", None),
        ("articles.jsonl.gz", None),
        ("articles.csv:csv", None),
        ("s3://bucket/articles.jsonl", None),
    ],
)  # fmt: skip
def test_the_outputs_that_name_an_archive(output: str, uri: str | None) -> None:
    assert archive_uri(output) == uri


def test_a_postgresql_archive_is_named_without_its_password(tmp_path: Path) -> None:
    target = ArchiveTarget("postgresql://crawler:secret@db.example:5432/news")
    assert target.postgres and target.sqlite_path is None
    assert str(target) == "db.example:5432/news"
    assert ArchiveTarget(str(tmp_path / "a.db")).sqlite_path == tmp_path / "a.db"


def test_a_folder_is_no_archive(tmp_path: Path) -> None:
    (tmp_path / "articles.db").mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        ArchiveTarget(str(tmp_path / "articles.db")).check(timeout=1)
