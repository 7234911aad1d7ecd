"""Headlines reconciled from what a page declares and what it prints."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.extract.title import reconcile_title, strip_names
from tests.conftest import fixture_selector

URL = "https://www.hankookilbo.com/News/Read/A2026042010000001"


@pytest.mark.parametrize(
    ("declared", "names", "title"),
    [
        # Hand-made titles of the shapes outlets use: names glued on without spaces.
        ("중동 확전 우려 커졌다-정치ㅣ한국일보", ["한국일보", "정치"], "중동 확전 우려 커졌다"),
        ("중동 확전 우려 커졌다 | 한국일보", [], "중동 확전 우려 커졌다"),
        ("삼성전자, 반도체 투자 확대 - 매일경제", ["매일경제"], "삼성전자, 반도체 투자 확대"),
        ("Brexit - what happens next", [], "Brexit - what happens next"),
        ("K-배터리 3사, 북미 공략", [], "K-배터리 3사, 북미 공략"),
    ],
)
def test_site_and_section_names_are_stripped_whatever_the_separator(
    declared: str, names: list[str], title: str
) -> None:
    known = {n.lower() for n in [*names, "hankookilbo"]}
    assert strip_names(declared, known) == title


def test_the_printed_h1_wins_over_a_headline_without_its_quotes() -> None:
    # The saved 2026 hankyung page: JSON-LD drops the quotation marks, and the
    # first <h1> is the section's logo.
    page = fixture_selector("hankyung/article-2026042037091.html")
    declared = ["운전 중 변기에 볼일 보세요…中 전기차 기막힌 발상"]
    assert reconcile_title(page, declared, "https://www.hankyung.com/article/2026042037091") == (
        "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"
    )


def test_an_unrelated_h1_does_not_replace_the_declared_title() -> None:
    page = Selector(text="<html><body><h1>한국일보</h1></body></html>")
    declared = ["중동 확전 우려 커졌다-정치ㅣ한국일보"]
    assert reconcile_title(page, declared, URL, ["정치"]) == "중동 확전 우려 커졌다"
