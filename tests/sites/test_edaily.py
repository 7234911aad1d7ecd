"""edaily.co.kr's URL rules and discovery (its saved page's record is checked in tests/test_pages.py)."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.sites import site_for_url
from crawler.sites.edaily import SITE

ID = "05569446645418088"
CANONICAL = f"https://www.edaily.co.kr/News/Read?newsId={ID}&mediaCodeNo=257"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (f"https://v2.www.edaily.co.kr/News/Read?newsId={ID}&mediaCodeNo=257", CANONICAL),
        (f"http://www.edaily.co.kr/news/newspath.asp?newsid={ID}", CANONICAL),
        (f"https://m.edaily.co.kr/News/Read?newsId={ID}&mediaCodeNo=257&utm_source=x", CANONICAL),
        (f"https://www.edaily.co.kr/News/Read?mediaCodeNo=258&newsId={ID}", f"https://www.edaily.co.kr/News/Read?newsId={ID}&mediaCodeNo=258"),
        (f"https://www.edaily.co.kr/News/Read?newsId={ID}&mediaCodeNo=x", CANONICAL),
        ("http://rss.edaily.co.kr/edaily_news.xml", None),
        (f"http://rss.edaily.co.kr/edaily_news.xml?newsid={ID}", None),
        ("https://www.edaily.co.kr/News/Read?newsId=0556944664541808", None),
        ("http://www.edaily.co.kr", None),
    ],
)  # fmt: skip
def test_article_urls(url: str, canonical: str | None) -> None:
    assert SITE.canonical_url(url) == canonical
    assert SITE.article_id(url) == (ID if canonical else None)


def test_discovery_sitemap_then_the_feed() -> None:
    assert SITE.discovery_urls() == [
        "https://www.edaily.co.kr/sitemap/latest-article.xml",
        "http://rss.edaily.co.kr/edaily_news.xml",
    ]
    assert SITE.discovery_urls(date(2026, 4, 20)) == []


def test_registry_routes_edaily_urls() -> None:
    assert site_for_url(f"https://v2.www.edaily.co.kr/News/Read?newsId={ID}") is SITE
