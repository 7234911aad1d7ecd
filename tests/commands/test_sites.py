"""``scrapy sites``, alone and on an archive made by real replay crawls."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.conftest import scrapy


def sites(*options: str) -> list[dict]:
    done = scrapy("sites", "--json", *options)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_every_site_with_its_discovery_and_layouts() -> None:
    found = {entry["spider"]: entry for entry in sites()}
    assert list(found) == ["hankyung", "mk", "mt", "edaily", "sedaily"]
    hankyung = found["hankyung"]
    assert hankyung["name"] == "한국경제"
    assert hankyung["sitemaps"] == ["https://www.hankyung.com/sitemap/latest-article.xml"]
    assert len(hankyung["feeds"]) == 11
    assert [layout["saved"] for layout in hankyung["layouts"]] == [["2026-04-20"], ["2024-01-29"]]
    assert [layout["saved"] for layout in found["sedaily"]["layouts"]] == [[]]
    text = scrapy("sites").stdout
    assert "hankyung  한국경제  hankyung.com" in text
    assert "  discovery  1 news sitemap(s), a daily sitemap (-a date=), 11 RSS feed(s)" in text
    assert "article page: div#article-body, JSON-LD and meta — no saved page" in text
    assert "saved pages of 2024-01-30, 2025-05-28, 2025-05-30, 2025-06-04" in text


def test_last_run_and_the_days_coverage_in_an_archive(crawled_archive: Path) -> None:
    found = {
        e["spider"]: e["archive"]
        for e in sites("--db", str(crawled_archive), "--day", "2026-11-25")
    }
    hankyung = found["hankyung"]
    assert hankyung["last_successful_run"]["run"] == 6
    assert hankyung["last_successful_run"]["started_at"].startswith("2026-11-25T")
    # The day of the simulated layout change: one page parsed, without a body.
    assert (hankyung["runs"], hankyung["parsed"]) == (1, 1)
    assert hankyung["coverage"]["body"] == 0.0 and hankyung["coverage"]["title"] == 1.0
    assert found["mk"]["last_successful_run"]["run"] == 2
    assert found["mk"]["coverage"] is None and found["mk"]["runs"] == 0
    assert found["sedaily"]["last_successful_run"] is None
    on_the_day = sites("--db", str(crawled_archive), "--day", "2025-05-28")
    with closing(sqlite3.connect(crawled_archive)) as db:
        (published,) = db.execute(
            "SELECT count(*) FROM articles WHERE source = 'mk' AND published_at LIKE '2025-05-28%'"
        ).fetchone()
    assert (
        next(e for e in on_the_day if e["spider"] == "mk")["archive"]["published"] == published == 2
    )
    text = scrapy("sites", "--db", str(crawled_archive), "--day", "2026-11-25").stdout
    assert "  last run   #6 2026-11-25T" in text
    assert "  2026-11-25 0 articles published; 1 runs parsed 1 pages: title 100% body 0%" in text


def test_a_missing_archive_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = scrapy("sites", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 2 and done.stderr.startswith("Error: ")
