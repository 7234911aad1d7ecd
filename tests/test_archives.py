"""Saved-response archives: folders with and without a manifest, WARC files, damage."""

from __future__ import annotations

import gzip
import io
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.archives import (
    ArchiveError,
    FolderArchive,
    WarcArchive,
    offsets_path,
    open_archive,
)
from tests.conftest import FIXTURES

HANKYUNG = FIXTURES / "hankyung"
ARTICLE_2026 = "https://www.hankyung.com/article/2026042037091"
ARTICLE_2024 = "https://www.hankyung.com/article/202401298662Y"
FEED = "https://www.hankyung.com/feed/economy"


def write_warc(
    path: Path, pages: list[tuple[str, bytes, list[tuple[str, str]]]], mode: str = "wb"
) -> None:
    with path.open(mode) as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, body, headers in pages:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
                )
            )


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


def test_warc_with_encoded_and_chunked_bodies(tmp_path: Path) -> None:
    html = (HANKYUNG / "article-2026042037091.html").read_bytes()
    feed = (HANKYUNG / "rss-feed-economy-20260420.xml").read_bytes()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(feed), feed)
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            (ARTICLE_2026, gzip.compress(html), [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
            (FEED, chunked, [("Content-Type", "application/xml"), ("Transfer-Encoding", "chunked")]),
        ],
    )  # fmt: skip
    archive = open_archive(path)
    assert isinstance(archive, WarcArchive)
    page = archive.get(ARTICLE_2026)
    assert page is not None and page.body == html
    assert (b"Content-Encoding", b"gzip") not in page.headers
    saved_feed = archive.get(FEED)
    assert saved_feed is not None and saved_feed.body == feed


def test_damaged_warc_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [
        (ARTICLE_2024, (HANKYUNG / "article-202401298662Y.html").read_bytes(), []),
        (ARTICLE_2026, (HANKYUNG / "article-2026042037091.html").read_bytes(), []),
    ]
    write_warc(path, pages)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 2000])
    archive = open_archive(path)
    assert archive.get(ARTICLE_2024) is not None
    assert archive.get(ARTICLE_2026) is None
    assert archive.errors == 1


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_record_cut_short_while_replaying_gives_what_it_holds(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, two_pages())
    archive = open_archive(path)
    whole = (HANKYUNG / "article-2026042037091.html").read_bytes()
    saved = archive.get(ARTICLE_2026)
    assert saved is not None and saved.body == whole
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20_000])
    cut = archive.get(ARTICLE_2026)
    assert cut is not None and 0 < len(cut.body) < len(whole)
    assert whole.startswith(cut.body)


def two_pages() -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    return [
        (ARTICLE_2024, (HANKYUNG / "article-202401298662Y.html").read_bytes(), []),
        (ARTICLE_2026, (HANKYUNG / "article-2026042037091.html").read_bytes(), []),
    ]


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


def test_warc_lookup_prefers_the_last_fetch_and_finds_mobile_urls(tmp_path: Path) -> None:
    first, second = two_pages()[0][1], two_pages()[1][1]
    mobile = "https://m.hankyung.com/article/2026042037091"
    path = tmp_path / "crawl.warc.gz"
    # The same URL recorded twice (a re-fetch: the later record answers), and
    # a page recorded under its mobile URL, found by its canonical one.
    write_warc(path, [(ARTICLE_2024, second, []), (ARTICLE_2024, first, []), (mobile, second, [])])
    archive = open_archive(path)
    assert len(archive) == 3
    refetched = archive.get(ARTICLE_2024)
    assert refetched is not None and refetched.body == first
    found = archive.get(ARTICLE_2026)
    assert found is not None and found.body == second
    assert archive.get("https://www.hankyung.com/article/2026042099999") is None


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


def test_missing_archive_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        open_archive(tmp_path / "nope.warc.gz")


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
