"""mk.co.kr's URL rules and discovery (its saved pages' records are checked in tests/test_pages.py)."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.sites import site_for_url
from crawler.sites.mk import SITE


@pytest.mark.parametrize(
    ("url", "canonical", "article_id"),
    [
        ("https://www.mk.co.kr/news/society/11328184", "https://www.mk.co.kr/news/society/11328184", "11328184"),
        ("https://www.mk.co.kr/news/stock/11330362/?utm_source=naver", "https://www.mk.co.kr/news/stock/11330362", "11330362"),
        ("https://m.mk.co.kr/news/world/11331368", "https://www.mk.co.kr/news/world/11331368", "11331368"),
        ("http://mk.co.kr/news/business/10932589#comments", "https://www.mk.co.kr/news/business/10932589", "10932589"),
        ("https://m.mk.co.kr/amp/11333783", "https://m.mk.co.kr/amp/11333783", "11333783"),
        ("https://www.mk.co.kr/en/economy/11328184", None, None),
        ("https://www.mk.co.kr/cn/society/11328184", None, None),
        ("https://www.mk.co.kr/news/society/", None, None),
        ("https://stock.mk.co.kr/news/view/11328184", None, None),
        ("https://www.mk.co.kr.example.com/news/society/11328184", None, None),
    ],
)  # fmt: skip
def test_article_urls(url: str, canonical: str | None, article_id: str | None) -> None:
    assert SITE.canonical_url(url) == canonical
    assert SITE.article_id(url) == article_id


def test_discovery_sitemaps_then_the_feed_and_a_day_s_sitemap() -> None:
    assert SITE.discovery_urls() == [
        "https://www.mk.co.kr/sitemap/latest-articles/",
        "https://www.mk.co.kr/rss/30000001/",
    ]
    assert SITE.discovery_urls(date(2025, 5, 30)) == [
        "https://www.mk.co.kr/sitemap/daily-articles/20250530/"
    ]


def test_registry_routes_mk_urls() -> None:
    assert site_for_url("https://m.mk.co.kr/news/world/11331368") is SITE
