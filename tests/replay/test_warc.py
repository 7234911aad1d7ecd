"""A WARC file: encoded and chunked bodies, damage, records cut short, the last fetch first."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.replay import WarcArchive, open_archive
from tests.replay.saved import ARTICLE_2024, ARTICLE_2026, FEED, HANKYUNG, two_pages, write_warc


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
