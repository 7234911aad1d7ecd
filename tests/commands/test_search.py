"""``scrapy search``: what a user reads, and what a script reads, from a crawled archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_crawl, scrapy


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    run_crawl(folder, "hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}", output="articles.db")
    return folder / "articles.db"


def test_a_korean_substring_finds_its_article(archive: Path) -> None:
    done = scrapy("search", "전기차", "--db", str(archive))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["2026-04-20T21:00:01+09:00", "hankyung"]
    assert lines[0].endswith("\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'")
    assert lines[1].strip() == "https://www.hankyung.com/article/2026042037091"
    assert "전기차" in lines[2]
    assert lines[-1] == "1 article"


def test_json_lines_for_scripts(archive: Path) -> None:
    done = scrapy("search", "삼성전자", "--source", "hankyung", "--json", "--db", str(archive))
    assert done.returncode == 0, done.stderr
    [hit] = [json.loads(line) for line in done.stdout.splitlines()]
    assert hit["article_id"] == "202401298662Y"
    assert hit["published_at"] == "2024-01-29T15:35:05+09:00"
    assert "삼성전자" in hit["snippet"]


def test_no_match_and_a_missing_archive(archive: Path, tmp_path: Path) -> None:
    assert scrapy("search", "존재하지않는단어", "--db", str(archive)).stdout.strip() == (
        "No articles found."
    )
    missing = scrapy("search", "전기차", "--db", str(tmp_path / "none.db"))
    assert missing.returncode != 0
    assert "no archive at" in missing.stderr
