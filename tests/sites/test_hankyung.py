"""The hankyung parser on saved pages, field by field, and its URL rules."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest

from crawler.pipelines.clean import clean_record
from crawler.sites import SITES, site_for_url
from tests.conftest import FIXTURES, fixture_selector

SITE = SITES["hankyung"]
PAGES = sorted(p.stem for p in (FIXTURES / "hankyung").glob("article-*.html"))
FIELDS = [
    "url", "source", "article_id", "title", "subtitles", "body", "authors", "dateline",
    "section", "keywords", "images", "published_at", "modified_at", "origin", "language",
    "duplicate_of",
]  # fmt: skip


def cleaned(page: str) -> dict:
    """The parser's record of a saved page as every crawl stores it: through the clean rules."""
    record = asdict(
        SITE.parse_article(fixture_selector(f"hankyung/{page}.html"), "https://www.hankyung.com/")
    )
    clean_record(record)
    return record


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    return {page: cleaned(page) for page in PAGES}


def expected(page: str) -> dict:
    return json.loads((FIXTURES / "hankyung" / f"{page}.json").read_text(encoding="utf-8"))


def test_every_saved_page_has_an_expected_record() -> None:
    assert PAGES == ["article-202401298662Y", "article-2026042037091"]
    for page in PAGES:
        assert set(expected(page)) == set(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("page", PAGES)
def test_field_matches_expected(parsed: dict[str, dict], page: str, field: str) -> None:
    assert parsed[page][field] == expected(page)[field]


def test_2026_layout_headline_reporter_and_dates(parsed: dict[str, dict]) -> None:
    record = parsed["article-2026042037091"]
    assert record["title"] == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"
    assert record["subtitles"] == ["혁신 급했던 中 전기차", "출혈경쟁 속 별별 아이디어 속출"]
    assert record["authors"] == [{"name": "김은정", "email": "kej@hankyung.com"}]
    assert record["dateline"] == "베이징"
    assert record["published_at"] == "2026-04-20T21:00:01+09:00"
    assert record["modified_at"] == "2026-04-20T21:06:00+09:00"
    paragraphs = record["body"].split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("중국 내 전기자동차 시장을 놓고")
    assert paragraphs[-1].endswith("사상 최저 수준이다.")
    assert "kej@hankyung.com" not in record["body"]


def test_2024_wire_copy_has_origin_and_no_marker(parsed: dict[str, dict]) -> None:
    record = parsed["article-202401298662Y"]
    assert record["origin"] == "연합뉴스"
    assert record["authors"] == []
    assert not record["body"].endswith("연합뉴스")
    assert record["body"].count("\n\n") == 7
    # JSON-LD says dateModified 15:35:00, before datePublished 15:35:05: clamped.
    assert record["published_at"] == "2024-01-29T15:35:05+09:00"
    assert record["modified_at"] == "2024-01-29T15:35:05+09:00"
    assert record["images"] == [
        {
            "url": "https://img.hankyung.com/photo/202401/AKR20240129102700009_01_i_P4.jpg",
            "caption": None,
        }
    ]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.hankyung.com/article/202406120618i", "https://www.hankyung.com/article/202406120618i"),
        ("https://www.hankyung.com/article/2024061295371?utm_source=naver#x", "https://www.hankyung.com/article/2024061295371"),
        ("https://www.hankyung.com/economy/article/202401298662Y", "https://www.hankyung.com/article/202401298662Y"),
        ("https://www.hankyung.com/amp/2024061295371", "https://www.hankyung.com/article/2024061295371"),
        ("https://m.hankyung.com/article/2024061295371", "https://www.hankyung.com/article/2024061295371"),
        ("http://hankyung.com/news/article/202406120618i", "https://www.hankyung.com/article/202406120618i"),
        ("https://www.hankyung.com/news/app/newsview.php?aid=2024061295371", "https://www.hankyung.com/article/2024061295371"),
        ("https://www.hankyung.com/tag/삼성전자", None),
        ("https://www.hankyung.com/article/download/2024061295371", None),
        ("https://consensus.hankyung.com/article/2024061295371", None),
        ("https://www.hankyung.com/article/20240612953", None),
    ],
)  # fmt: skip
def test_canonical_url(url: str, canonical: str | None) -> None:
    assert SITE.canonical_url(url) == canonical


def test_article_id_keeps_its_letter() -> None:
    assert SITE.article_id("https://www.hankyung.com/article/202406120618i") == "202406120618i"


def test_discovery_prefers_sitemaps_and_backfills_a_day() -> None:
    latest = SITE.discovery_urls()
    assert latest[0] == "https://www.hankyung.com/sitemap/latest-article.xml"
    assert "https://www.hankyung.com/feed/all-news" in latest
    assert "https://www.hankyung.com/feed/finance" in latest
    assert SITE.discovery_urls(date(2026, 8, 5)) == [
        "https://www.hankyung.com/sitemap/daily-article/20260805.xml"
    ]


def test_registry_routes_hankyung_urls() -> None:
    assert site_for_url("https://m.hankyung.com/article/2024061295371") is SITE
    assert site_for_url("https://news.einfomax.co.kr/news/articleView.html?idxno=1") is None
