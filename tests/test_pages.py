"""Every saved article page, parsed and cleaned, field by field against its expected record.

``tests/fixtures/cases.json`` names each page with the URL it was saved from
and the charset it declares; ``<page>.json`` beside it is the hand-checked
record. One test per page and field, so that one wrong field hides no other.
"""

from __future__ import annotations

import json

import pytest

from crawler.parsing.pages import parse_page, parse_saved
from crawler.sites import SITES, site_for_url
from tests.conftest import FIXTURES

CASES: dict[str, dict[str, str]] = json.loads((FIXTURES / "cases.json").read_text("utf-8"))
FIELDS = [
    "url", "source", "article_id", "title", "subtitles", "body", "authors", "dateline",
    "section", "keywords", "images", "published_at", "modified_at", "origin", "language",
    "duplicate_of",
]  # fmt: skip
# Sites whose pages nobody could save yet: their modules parse from JSON-LD and
# meta (see each module's docstring). A new site must be added here or bring pages.
WITHOUT_SAVED_PAGES = {"sedaily"}
WITHOUT_SAVED_FEEDS = {"mk", "mt", "sedaily"}


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    return {
        case: parse_saved((FIXTURES / f"{case}.html").read_bytes(), info["url"], info["charset"])
        for case, info in CASES.items()
    }


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_field(parsed: dict[str, dict], case: str, field: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
    assert parsed[case][field] == expected[field]


@pytest.mark.parametrize("case", sorted(CASES))
def test_article_span_parses_the_record_of_the_whole_page(
    parsed: dict[str, dict], case: str
) -> None:
    info = CASES[case]
    body = (FIXTURES / f"{case}.html").read_bytes()
    site = site_for_url(info["url"])
    spanned = parse_page(body, info["charset"], info["url"], site)
    assert spanned.extent == ("span" if site and site.article_span else "whole")
    assert parse_saved(body, info["url"], info["charset"], whole=True) == parsed[case]


def test_every_saved_article_page_is_a_case() -> None:
    pages = {
        str(p.relative_to(FIXTURES).with_suffix(""))
        for p in FIXTURES.glob("*/*.html")
        if not p.name.startswith("handmade-")
    }
    assert pages == set(CASES)


def test_every_site_has_article_and_discovery_cases() -> None:
    with_pages = {
        site_for_url(info["url"]).key for info in CASES.values() if site_for_url(info["url"])
    }
    assert with_pages == set(SITES) - WITHOUT_SAVED_PAGES
    with_feeds = {p.parent.name for p in FIXTURES.glob("*/*.xml")}
    assert with_feeds >= set(SITES) - WITHOUT_SAVED_FEEDS


def test_each_sites_layouts_name_the_days_of_its_saved_pages(parsed: dict[str, dict]) -> None:
    for key, site in SITES.items():
        declared = sorted(day for layout in site.layouts for day in layout.saved)
        saved = sorted(
            record["published_at"][:10] for record in parsed.values() if record["source"] == key
        )
        assert site.layouts and declared == saved, key


def test_no_body_carries_a_byline_copyright_or_toolbar_word(parsed: dict[str, dict]) -> None:
    for case, record in parsed.items():
        body = record["body"]
        for leftover in ("기자 =", "무단전재", "무단 전재", "ⓒ", "기사 스크랩", "클린뷰", "@"):
            assert leftover not in body, (case, leftover)


def test_same_article_saved_twice_gives_the_same_record(parsed: dict[str, dict]) -> None:
    # The mt page was saved twice: once declaring euc-kr while encoded in UTF-8.
    assert parsed["mt/mtview-2019013122370465870-a"] == parsed["mt/mtview-2019013122370465870-b"]
