"""The report's numbers against SQL on an archive made by real replay crawls."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from crawler.report import build_report
from crawler.report.articles import BODY_LENGTH_EDGES, Window
from crawler.store import ArticleStore
from tests.crawled_archive import HANKYUNG_2024, report_json


def sql(archive: Path, query: str, *params: object) -> list[tuple]:
    with closing(sqlite3.connect(archive)) as db:
        return db.execute(query, params).fetchall()


def report(archive: Path, **options: str):
    with ArticleStore(archive, readonly=True) as store:
        return build_report(store, **options)


def test_articles_per_site_match_sql_counts(crawled_archive: Path) -> None:
    page, data = report(crawled_archive, since="2019-01-01")
    per_site = dict(sql(crawled_archive, "SELECT source, count(*) FROM articles GROUP BY source"))
    assert per_site == {"edaily": 1, "generic": 2, "hankyung": 2, "mk": 6, "mt": 1}
    assert data.total == sum(per_site.values()) == 12
    assert {site: sum(counts) for site, counts in data.volume.counts.items()} == per_site
    assert data.volume.window.unit == "month"  # 2019-01 to 2026-04: counted by month
    assert report_json(page)["volume"] == data.volume.counts
    months = dict(
        sql(
            crawled_archive,
            "SELECT substr(published_at, 1, 7), count(*) FROM articles WHERE source = 'mk' GROUP BY 1",
        )
    )
    counted = {
        b.isoformat()[:7]: n
        for b, n in zip(data.volume.buckets, data.volume.counts["mk"], strict=True)
        if n
    }
    assert counted == months == {"2024-01": 1, "2025-05": 4, "2025-06": 1}


def test_a_site_silent_since_its_last_article_is_listed(crawled_archive: Path) -> None:
    _, data = report(crawled_archive, since="2025-05-01", until="2025-06-10")
    assert data.volume.window.unit == "day"
    assert data.volume.counts["mk"][27] == 2  # 2025-05-28
    silent = data.volume.silent["mk"]
    # mk published on 05-28, 05-30 and 06-04 within the window, nothing after 06-04.
    assert silent[0] == date(2025, 5, 29) and silent[-1] == date(2025, 6, 9)
    assert date(2025, 6, 4) not in silent and len(silent) == 10
    assert "hankyung" not in data.volume.silent  # nothing of it in the window at all


def test_runs_match_the_runs_table(crawled_archive: Path) -> None:
    _, data = report(crawled_archive)
    rows = sql(crawled_archive, "SELECT id, spider, inserted, errors FROM runs ORDER BY id")
    assert [(r.id, r.spider, r.inserted, r.errors) for r in data.runs] == rows
    assert [r.inserted for r in data.runs] == [2, 6, 1, 1, 0, 0, 2]
    botwall = data.runs[4]
    assert botwall.botwall == 3  # the challenge page, served three times
    assert botwall.reason == "the site kept serving a bot-wall page; the crawl gave up on it"
    assert all(r.exit_status == 0 for r in data.runs)
    assert data.last_failure is None


def test_the_layout_change_is_a_failing_drop_of_the_body_on_its_day(crawled_archive: Path) -> None:
    _, data = report(crawled_archive)
    hankyung = [d for d in data.coverage if d.spider == "hankyung"]
    assert [d.day for d in hankyung] == ["2026-11-20", "2026-11-24", "2026-11-25"]
    changed = hankyung[-1]
    assert changed.parsed == 1 and changed.shares["body"] == 0.0
    assert changed.alarms == {"body": "fail"}
    assert changed.thresholds["body"] == 0.7  # the two days before had every body, less 0.3
    parsed = sql(
        crawled_archive,
        "SELECT sum(json_extract(stats, '$.\"health/parsed\"')) FROM runs WHERE spider = 'hankyung'",
    )[0][0]
    assert sum(d.parsed for d in hankyung) == parsed == 4


def test_duplicates_and_the_republished_wire_story(crawled_archive: Path) -> None:
    _, data = report(crawled_archive, since="2019-01-01")
    generic = next(d for d in data.duplicates if d.source == "generic")
    assert (generic.articles, generic.exact, generic.near) == (2, 1, 1)
    marked = sql(crawled_archive, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")
    assert sum(d.exact + d.near for d in data.duplicates) == marked[0][0] == 2
    story = data.wire_stories[0]
    assert story.url == HANKYUNG_2024 and story.wire == "연합뉴스"
    assert story.copies == 2 and story.outlets == ["generic", "hankyung"]
    assert story.title == "\"삼성전자, 中출시 갤럭시 S24에 바이두 AI '어니봇' 탑재\""


def test_body_lengths_count_every_article_once(crawled_archive: Path) -> None:
    _, data = report(crawled_archive, since="2019-01-01")
    for site, counts in data.body_lengths.items():
        assert len(counts) == len(BODY_LENGTH_EDGES)
        assert sum(counts) == sum(data.volume.counts[site])
    lengths = [
        n for (n,) in sql(crawled_archive, "SELECT length(body) FROM articles WHERE source = 'mk'")
    ]
    expected = [
        sum(1 for n in lengths if lo <= n < hi)
        for lo, hi in zip(BODY_LENGTH_EDGES, [*BODY_LENGTH_EDGES[1:], 10**9], strict=True)
    ]
    assert data.body_lengths["mk"] == expected


def test_source_and_window_options(crawled_archive: Path) -> None:
    _, data = report(crawled_archive, since="2025-01-01", source="mk")
    assert data.sources == ["mk"] and data.total == 5
    assert [r.spider for r in data.runs] == ["mk"]
    window = Window(date(2025, 1, 1), date(2025, 12, 31))
    assert window.unit == "week" and window.buckets()[0] == date(2024, 12, 30)
