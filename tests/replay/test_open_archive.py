"""Opening REPLAY: a folder, a WARC file, or a clear error."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from crawler.replay import ArchiveError, FolderArchive, WarcArchive, open_archive
from tests.replay.saved import ARTICLE_2026, HANKYUNG, two_pages, write_warc


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "crawl-without-suffix"])
def test_a_warc_file_is_known_by_its_content(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, two_pages())
    archive = open_archive(path)
    assert isinstance(archive, WarcArchive) and len(archive) == 2
    page = archive.get(ARTICLE_2026)
    assert page is not None and page.body == (HANKYUNG / "article-2026042037091.html").read_bytes()


def test_a_folder_is_a_folder_archive() -> None:
    assert isinstance(open_archive(HANKYUNG), FolderArchive)


@pytest.mark.parametrize("name", ["article.html", "article.html.gz"])
def test_a_single_saved_page_is_refused_with_what_to_do(tmp_path: Path, name: str) -> None:
    page = tmp_path / name
    shutil.copy(HANKYUNG / "article-2026042037091.html", page)
    if name.endswith(".gz"):
        page.write_bytes(gzip.compress(page.read_bytes()))
    with pytest.raises(ArchiveError, match=r"not a WARC file.*put them in a folder"):
        open_archive(page)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no index written beside it


def test_a_file_damaged_from_its_first_byte_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"\x1f\x8b" + b"\xff" * 64)
    with pytest.raises(ArchiveError, match="cannot read"):
        open_archive(path)


def test_missing_archive_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no WARC file or folder"):
        open_archive(tmp_path / "nope.warc.gz")
