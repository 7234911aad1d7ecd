"""sedaily.com: URL rules, discovery, and its parser on a hand-made snippet.

No page of sedaily has been saved (``tests/fixtures`` has none, nor does
``SOURCES.tsv``). The parser is tested on ``HANDMADE_SNIPPET``, written here
from the markup documented for the site (``div#article-body[itemprop=articleBody]``
with ``.article-photo-wrap`` photo blocks and a leading "뉴스 듣기 / 글자 크기"
toolbar, the date in ``article:published_time``): it is not a page of the
site, and a saved page should replace it when one exists.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.parsing.pages import parse_saved
from crawler.sites import site_for_url
from crawler.sites.sedaily import SITE

HANDMADE_SNIPPET = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8">
<title>반도체 수출 석 달째 증가 | 서울경제</title>
<link rel="canonical" href="https://www.sedaily.com/article/20001234">
<meta property="og:title" content="반도체 수출 석 달째 증가">
<meta property="article:published_time" content="2026-11-30T09:15:00+09:00">
<meta property="article:modified_time" content="2026-11-30T10:02:31+09:00">
<meta property="article:section" content="경제">
</head><body>
<header><nav><a href="/">서울경제</a> <a href="/economy">경제</a></nav></header>
<div class="article_head"><h1 class="art_tit">반도체 수출 석 달째 증가</h1></div>
<div id="article-body" itemprop="articleBody">
  <div class="article_tool">뉴스 듣기</div>
  <div class="article_tool">글자 크기</div>
  <p>반도체 수출이 석 달 연속 늘었다. 산업통상자원부는 11월 반도체 수출이 지난해 같은 달보다 12% 늘었다고 30일 밝혔다.</p>
  <div class="article-photo-wrap"><figure><img src="/photo/2026/11/30/chip.jpg">
    <figcaption>경기도의 한 반도체 공장. 사진 제공=업계</figcaption></figure></div>
  <p>메모리 가격이 오르고 인공지능 서버용 수요가 이어진 덕분이다.</p>
  <p>홍길동 기자 hong@sedaily.com</p>
</div>
<footer>Copyright ⓒ 서울경제. All rights reserved.</footer>
</body></html>
"""


def test_parser_on_a_handmade_snippet_of_the_documented_markup() -> None:
    record = parse_saved(
        HANDMADE_SNIPPET.encode(), "https://www.sedaily.com/article/20001234?ref=naver"
    )
    assert record["title"] == "반도체 수출 석 달째 증가"
    assert record["body"] == (
        "반도체 수출이 석 달 연속 늘었다. 산업통상자원부는 11월 반도체 수출이 지난해 같은 달보다 "
        "12% 늘었다고 30일 밝혔다.\n\n메모리 가격이 오르고 인공지능 서버용 수요가 이어진 덕분이다."
    )
    assert record["published_at"] == "2026-11-30T09:15:00+09:00"
    assert record["modified_at"] == "2026-11-30T10:02:31+09:00"
    assert record["section"] == "경제"
    assert [(a["name"], a["email"]) for a in record["authors"]] == [("홍길동", "hong@sedaily.com")]
    assert [(i["url"], i["caption"]) for i in record["images"]] == [
        (
            "https://www.sedaily.com/photo/2026/11/30/chip.jpg",
            "경기도의 한 반도체 공장. 사진 제공=업계",
        )
    ]
    assert record["url"] == "https://www.sedaily.com/article/20001234"
    assert record["article_id"] == "20001234"


@pytest.mark.parametrize(
    ("url", "canonical", "article_id"),
    [
        ("https://www.sedaily.com/article/20001234", "https://www.sedaily.com/article/20001234", "20001234"),
        ("https://www.sedaily.com/article/20001234/?ref=naver&utm_source=x", "https://www.sedaily.com/article/20001234", "20001234"),
        ("https://m.sedaily.com/article/20001234?inflow=mobile", "https://www.sedaily.com/article/20001234", "20001234"),
        ("https://www.sedaily.com/NewsView/29X4C1ABCD", "https://www.sedaily.com/NewsView/29X4C1ABCD", "29X4C1ABCD"),
        ("https://www.sedaily.com/NewsVIew/29X4C1ABCD?inflow=naver", "https://www.sedaily.com/NewsView/29X4C1ABCD", "29X4C1ABCD"),
        ("https://www.sedaily.com/NewsView/29X4C1ABC", None, None),
        ("https://www.sedaily.com/article/123", None, None),
        ("https://www.sedaily.com/economy", None, None),
        ("https://www.sedaily.com.example.com/article/20001234", None, None),
    ],
)  # fmt: skip
def test_article_urls(url: str, canonical: str | None, article_id: str | None) -> None:
    assert SITE.canonical_url(url) == canonical
    assert SITE.article_id(url) == article_id


def test_discovery_sitemap_then_the_feed() -> None:
    assert SITE.discovery_urls() == [
        "https://www.sedaily.com/sitemap/latestnews",
        "https://www.sedaily.com/rss/newsall",
    ]
    assert SITE.discovery_urls(date(2026, 11, 30)) == []


def test_registry_routes_sedaily_urls() -> None:
    assert site_for_url("https://m.sedaily.com/article/20001234") is SITE
