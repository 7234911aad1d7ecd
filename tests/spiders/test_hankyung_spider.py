"""``scrapy crawl hankyung`` through the real engine, replaying the saved pages."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES

ARCHIVE = str(FIXTURES / "hankyung")


def expected(page: str) -> dict:
    return json.loads((FIXTURES / "hankyung" / f"{page}.json").read_text(encoding="utf-8"))


def test_discovery_to_jsonl(crawl) -> None:
    result = crawl("hankyung", "-s", f"REPLAY={ARCHIVE}")
    by_id = {item["article_id"]: item for item in result.items}
    # The sitemap lists both saved articles (one under a legacy URL), the
    # economy feed lists one of them again: one record each.
    assert sorted(by_id) == ["202401298662Y", "2026042037091"]
    for page in ("article-202401298662Y", "article-2026042037091"):
        record = by_id[page.removeprefix("article-")]
        want = expected(page)
        for field, value in want.items():
            assert record[field] == value, field
        assert record["fetched_at"].endswith("+00:00")

    stats = result.stats
    assert stats["replay/hit"] == 5  # sitemap, 2 feeds, 2 articles
    assert stats["replay/miss"] > 90  # feed articles never saved, other feeds, robots.txt
    assert stats["discovery/urlset"] == 1
    assert stats["discovery/rss"] == 2
    assert stats["discovery/entries"] == 103
    assert stats["discovery/skipped/not_article"] == 1
    assert stats["article/parsed/hankyung"] == 2
    assert stats["article/extent/span"] == 2
    assert stats["validate/passed"] == 2
    assert stats["item_scraped_count"] == 2
    assert stats["robotstxt/response_status_count/404"] == 1


def test_output_is_utf8_as_written(crawl) -> None:
    result = crawl("hankyung", "-s", f"REPLAY={ARCHIVE}")
    raw = result.output.read_text(encoding="utf-8")
    assert "\\u" not in raw
    assert "기막힌 발상" in raw


def test_given_urls_only(crawl) -> None:
    result = crawl(
        "hankyung",
        "-a",
        "urls=https://m.hankyung.com/article/2026042037091?utm_source=x",
        "-s",
        f"REPLAY={ARCHIVE}",
    )
    assert [item["url"] for item in result.items] == [
        "https://www.hankyung.com/article/2026042037091"
    ]
    assert result.stats["replay/hit"] == 1
    assert "discovery/entries" not in result.stats


def test_daily_backfill_requests_the_day_sitemap(crawl) -> None:
    result = crawl("hankyung", "-a", "date=2026-04-20", "-s", f"REPLAY={ARCHIVE}")
    assert result.items == []
    assert "sitemap/daily-article/20260420.xml" in result.log
    assert result.stats["replay/miss"] == 2  # robots.txt and the daily sitemap


def test_folder_without_manifest(crawl, tmp_path) -> None:
    import shutil

    folder = tmp_path / "pages"
    folder.mkdir()
    for file in (FIXTURES / "hankyung").glob("*"):
        if file.is_file() and file.suffix in (".html", ".xml"):
            shutil.copy(file, folder)
    result = crawl("hankyung", "-s", f"REPLAY={folder}")
    assert sorted(i["article_id"] for i in result.items) == ["202401298662Y", "2026042037091"]
    assert result.stats["discovery/rss"] == 2
    assert result.stats["discovery/urlset"] == 1


def test_discovered_articles_are_scheduled_in_batches(crawl, tmp_path) -> None:
    from tests.synthetic import write_archive

    archive = tmp_path / "archive.warc"
    write_archive(archive, 120)
    result = crawl(
        "hankyung",
        "-s", f"REPLAY={archive}",
        "-s", "DISCOVERY_BATCH=25",
        "-s", "DISCOVERY_BACKLOG_MEMORY=30",
    )  # fmt: skip
    # The generator saved the index beside the archive, as a scan would find it.
    assert result.stats["replay/archive_indexed_from"] == "offsets"
    assert len(result.items) == 120
    assert len({item["article_id"] for item in result.items}) == 120
    # 120 entries released as requests in 5 batches of at most 25; 90 of
    # them waited in the backlog's file, 30 in memory.
    assert result.stats["discovery/batches"] == 5
    assert result.stats["discovery/backlog_on_disk_max"] == 90


def test_a_sitemap_index_of_sitemaps_is_followed(crawl, tmp_path) -> None:
    from tests.synthetic import write_archive

    archive = tmp_path / "archive.warc.gz"
    write_archive(archive, 120, sitemap_size=50)
    result = crawl("hankyung", "-s", f"REPLAY={archive}")
    assert len({item["article_id"] for item in result.items}) == 120
    assert result.stats["discovery/sitemapindex"] == 1
    assert result.stats["discovery/urlset"] == 3
    assert result.stats["discovery/entries"] == 120
