"""mt.co.kr's URL rules and discovery (its saved pages' records are checked in tests/test_pages.py)."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.sites import site_for_url
from crawler.sites.mt import SITE

ID = "2019013122370465870"


@pytest.mark.parametrize(
    ("url", "canonical", "article_id"),
    [
        (f"http://news.mt.co.kr/mtview.php?no={ID}", f"https://news.mt.co.kr/mtview.php?no={ID}", ID),
        (f"https://news.mt.co.kr/mtview.php?no={ID}&type=1&VMC", f"https://news.mt.co.kr/mtview.php?no={ID}", ID),
        (f"https://www.mt.co.kr/stock/2019/01/31/{ID}", f"https://www.mt.co.kr/stock/2019/01/31/{ID}", ID),
        (f"https://www.mt.co.kr/stock/2019/01/31/{ID}/?utm_source=naver", f"https://www.mt.co.kr/stock/2019/01/31/{ID}", ID),
        (f"https://m.mt.co.kr/renew/view.html?no={ID}", None, None),
        ("https://news.mt.co.kr/mtview.php?no=201901312237", None, None),
        ("https://www.mt.co.kr/stock/?page=2", None, None),
        (f"https://news.mt.co.kr.example.com/mtview.php?no={ID}", None, None),
    ],
)  # fmt: skip
def test_article_urls(url: str, canonical: str | None, article_id: str | None) -> None:
    assert SITE.canonical_url(url) == canonical
    assert SITE.article_id(url) == article_id


def test_discovery_is_the_sitemap_only_and_no_day_can_be_backfilled() -> None:
    assert SITE.discovery_urls() == ["https://www.mt.co.kr/sitemap/latest.xml"]
    assert SITE.discovery_urls(date(2019, 1, 31)) == []


def test_registry_routes_mt_urls() -> None:
    assert site_for_url(f"https://news.mt.co.kr/mtview.php?no={ID}") is SITE
