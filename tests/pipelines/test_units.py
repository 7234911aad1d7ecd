"""Each pipeline as a unit: one saved page's Article through it, the outcome and its stats."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scrapy.exceptions import DropItem

from crawler.health import REPORTED_FIELDS
from crawler.pipelines.clean import CleanPipeline
from crawler.pipelines.dedupe import DedupePipeline
from crawler.pipelines.health import HealthPipeline
from crawler.pipelines.validate import ValidatePipeline
from crawler.signals import archive_writing
from tests.pipelines import parsed, project_crawler
from tests.store.test_sqlite import records

URL_2024 = "https://www.hankyung.com/article/202401298662Y"
URL_2026 = "https://www.hankyung.com/article/2026042037091"


def test_clean_gives_the_stored_record_and_counts_what_it_removed() -> None:
    crawler = project_crawler()
    article = CleanPipeline.from_crawler(crawler).process_item(
        parsed("hankyung/article-202401298662Y.html", URL_2024)
    )
    expected = records()[0]
    assert article.title == expected["title"]
    assert article.body == expected["body"]
    assert [a.name for a in article.authors] == [a["name"] for a in expected["authors"]]
    removed = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("clean/")}
    assert removed and all(v > 0 for v in removed.values())


def test_clean_refuses_an_unknown_rule_name() -> None:
    with pytest.raises(ValueError, match="unknown rules: \\['no_such_rule'\\]"):
        CleanPipeline.from_crawler(project_crawler(CLEAN_DISABLED_RULES=["no_such_rule"]))


def test_health_counts_each_reported_field_the_article_has() -> None:
    crawler = project_crawler()
    article = parsed("hankyung/article-2026042037091.html", URL_2026)
    assert HealthPipeline.from_crawler(crawler).process_item(article) is article
    stats = crawler.stats.get_stats()
    assert stats["health/parsed"] == 1
    has = {f for f in REPORTED_FIELDS if stats.get(f"health/has/{f}") == 1}
    assert has == {f for f in REPORTED_FIELDS if getattr(article, f)}
    assert {"title", "body", "published_at", "authors"} <= has


def test_validate_passes_a_whole_article_and_drops_one_without_a_body() -> None:
    crawler = project_crawler()
    pipeline = ValidatePipeline.from_crawler(crawler)
    article = parsed("hankyung/article-2026042037091.html", URL_2026)
    assert pipeline.process_item(article) is article
    with pytest.raises(DropItem, match=f"no_body: {URL_2026}"):
        pipeline.process_item(replace(article, body=""))
    # Two characters in a hundred undecodable, over the 1 % the settings allow.
    mangled = replace(article, title="\ufffd" * (len(article.body) // 50) + article.title)
    with pytest.raises(DropItem, match="bad_charset"):
        pipeline.process_item(mangled)
    stats = crawler.stats.get_stats()
    assert stats["validate/passed"] == 1
    assert stats["validate/dropped/no_body"] == 1 and stats["validate/dropped/bad_charset"] == 1


def test_dedupe_drops_the_second_sight_and_commits_on_the_archive_s_signal(
    tmp_path,
) -> None:
    crawler = project_crawler(DEDUPE_PATH=str(tmp_path / "state.db"), DEDUPE_COMMIT_EVERY=100)
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    first = parsed("hankyung/article-2026042037091.html", URL_2026)
    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem, match="same_key"):
        pipeline.process_item(parsed("hankyung/article-2026042037091.html", URL_2026))
    assert pipeline.index is not None and pipeline.index.db.in_transaction
    crawler.signals.send_catch_log(archive_writing)
    assert not pipeline.index.db.in_transaction
    pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert stats["dedupe/unique"] == 1 and stats["dedupe/dropped/same_key"] == 1
