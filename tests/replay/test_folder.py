"""A folder of saved pages: with and without a manifest, gzipped pages, feeds by file name."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from crawler.replay import FolderArchive, open_archive
from tests.replay.saved import ARTICLE_2024, ARTICLE_2026, FEED, HANKYUNG


def test_folder_with_manifest_and_canonical_urls() -> None:
    archive = FolderArchive(HANKYUNG)
    assert len(archive) == 5
    feed = archive.get(FEED)
    assert (
        feed is not None and feed.body == (HANKYUNG / "rss-feed-economy-20260420.xml").read_bytes()
    )
    page = archive.get(ARTICLE_2026)
    assert page is not None and page.status == 200
    assert page.body == (HANKYUNG / "article-2026042037091.html").read_bytes()


def test_lookup_finds_variants_of_a_saved_url() -> None:
    archive = FolderArchive(HANKYUNG)
    assert archive.get("http://www.hankyung.com/feed/economy") is not None
    assert archive.get("https://m.hankyung.com/article/2026042037091?utm_source=x") is not None
    assert archive.get("https://www.hankyung.com/article/2026042099999") is None


def test_gzipped_pages_without_manifest(tmp_path: Path) -> None:
    target = tmp_path / "pages"
    target.mkdir()
    data = (HANKYUNG / "article-202401298662Y.html").read_bytes()
    (target / "a.html.gz").write_bytes(gzip.compress(data))
    archive = open_archive(target)
    saved = archive.get(ARTICLE_2024)
    assert saved is not None and saved.body == data


def test_unreadable_files_and_manifest_lines_are_counted(tmp_path: Path) -> None:
    target = tmp_path / "pages"
    target.mkdir()
    shutil.copy(HANKYUNG / "article-202401298662Y.html", target)
    (target / "broken.html.gz").write_bytes(b"not gzip at all")
    (target / "manifest.jsonl").write_text(
        '{"url": "https://www.hankyung.com/feed/economy", "file": "missing.xml"}\nnot json\n',
        encoding="utf-8",
    )
    archive = open_archive(target)
    assert len(archive) == 1
    assert archive.errors == 3


def test_feeds_without_manifest_are_served_by_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for file in HANKYUNG.glob("*"):
        if file.is_file() and file.name != "manifest.jsonl":
            shutil.copy(file, folder)
    archive = open_archive(folder)
    feed = archive.get(FEED)
    assert (
        feed is not None and feed.body == (HANKYUNG / "rss-feed-economy-20260420.xml").read_bytes()
    )
    assert archive.get("https://www.hankyung.com/sitemap/latest-article.xml") is not None
    assert archive.get("https://www.hankyung.com/feed/it") is None  # no file names it
    assert archive.get(ARTICLE_2026) is not None  # pages still by their canonical URL
