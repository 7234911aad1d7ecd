"""A WARC file's index kept beside it: used when it matches the file, rebuilt when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.replay import WarcArchive, open_archive
from crawler.replay.offsets import offsets_path
from tests.replay.saved import ARTICLE_2024, ARTICLE_2026, two_pages, write_warc


def test_warc_index_is_kept_beside_the_file_for_the_next_replay(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, two_pages())
    first = open_archive(path)
    assert isinstance(first, WarcArchive) and first.indexed_from == "scan"
    assert offsets_path(path).is_file()
    again = open_archive(path)
    assert isinstance(again, WarcArchive) and again.indexed_from == "offsets"
    assert len(again) == len(first) == 2
    page = again.get(ARTICLE_2026)
    assert page is not None and page.body == two_pages()[1][1]


def test_index_of_a_warc_changed_since_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, two_pages()[:1])
    assert open_archive(path).get(ARTICLE_2026) is None
    write_warc(path, two_pages()[1:], mode="ab")
    appended = open_archive(path)
    assert isinstance(appended, WarcArchive) and appended.indexed_from == "scan"
    assert appended.get(ARTICLE_2026) is not None
    assert appended.get(ARTICLE_2024) is not None


def test_unreadable_index_means_indexing_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, two_pages())
    open_archive(path)
    index = offsets_path(path)
    index.write_text(index.read_text().replace("\t", " "), encoding="utf-8")
    archive = open_archive(path)
    assert isinstance(archive, WarcArchive) and archive.indexed_from == "scan"
    assert archive.get(ARTICLE_2024) is not None
    assert "Unreadable index" in caplog.text


def test_index_that_cannot_be_saved_leaves_the_replay_working(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, two_pages())
    # A directory where the index would go: it can be neither read nor written.
    offsets_path(path).mkdir()
    archive = open_archive(path)
    assert isinstance(archive, WarcArchive) and archive.indexed_from == "scan"
    assert archive.get(ARTICLE_2026) is not None
    # and no partial index is left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crawl.warc.gz", "crawl.warc.gz.offsets"]


def test_damaged_warc_counts_its_damage_again_from_the_index(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, two_pages())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 2000])
    assert open_archive(path).errors == 1
    again = open_archive(path)
    assert isinstance(again, WarcArchive) and again.indexed_from == "offsets"
    assert again.errors == 1
    assert again.get(ARTICLE_2026) is None
