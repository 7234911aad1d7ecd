"""Feed and sitemap parsing on the saved hankyung feeds."""

from __future__ import annotations

from crawler.extract.feeds import Entry, parse_discovery, read_discovery
from tests.conftest import FIXTURES

ECONOMY = FIXTURES / "hankyung/rss-feed-economy-20260420.xml"


def test_rss_feed_entries() -> None:
    found = parse_discovery(ECONOMY.read_bytes())
    assert found.kind == "rss"
    assert len(found.entries) == 50
    assert found.entries[0] == Entry(
        url="https://www.hankyung.com/article/2026042037091",
        title="\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'",
        published_at="2026-04-20T21:00:01+09:00",
        author="김은정",
    )
    assert all(e.url.startswith("https://www.hankyung.com/article/") for e in found.entries)


def test_a_feed_read_as_a_stream_gives_its_kind_first_and_entries_one_by_one() -> None:
    stream = read_discovery(ECONOMY.read_bytes())
    assert stream.kind == "rss" and not stream.cut_short
    first = next(stream.items)
    assert isinstance(first, Entry) and first.url.endswith("/2026042037091")
    assert len(list(stream.items)) == 49


def test_both_saved_feeds_parse_completely() -> None:
    finance = parse_discovery((FIXTURES / "hankyung/rss-feed-finance.xml").read_bytes())
    assert len(finance.entries) == 50
    assert all(e.published_at and e.published_at.endswith("+09:00") for e in finance.entries)


def test_control_characters_do_not_lose_entries() -> None:
    # The saved feed with stray control characters injected into a title, as
    # hankyung feeds have been seen to carry: every entry must survive.
    body = ECONOMY.read_bytes().replace("기막힌".encode(), "기막\x0b\x1f힌".encode(), 1)
    found = parse_discovery(body)
    assert len(found.entries) == 50
    assert found.entries[0].title == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"


def test_news_sitemap_entries() -> None:
    sitemap = FIXTURES / "hankyung/handmade-sitemap-latest-article.xml"
    found = parse_discovery(sitemap.read_bytes())
    assert found.kind == "urlset"
    assert [e.url for e in found.entries] == [
        "https://www.hankyung.com/article/2026042037091",
        "https://www.hankyung.com/economy/article/202401298662Y?utm_source=sitemap",
        "https://www.hankyung.com/tag/삼성전자",
    ]
    assert found.entries[0].published_at == "2026-04-20T21:00:01+09:00"
    assert found.entries[0].title == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"


def test_sitemap_cut_short_keeps_the_entries_before_the_cut() -> None:
    body = (FIXTURES / "hankyung/handmade-sitemap-latest-article.xml").read_bytes()
    cut = body[: body.index(b"</url>", body.index(b"</url>") + 1) + len(b"</url>") + 20]
    found = parse_discovery(cut)
    assert found.kind == "urlset" and found.cut_short
    # The third entry, cut inside its URL ("https://w"), is left out.
    assert [e.url for e in found.entries] == [
        "https://www.hankyung.com/article/2026042037091",
        "https://www.hankyung.com/economy/article/202401298662Y?utm_source=sitemap",
    ]
    assert not parse_discovery(body).cut_short


def test_rss_feed_cut_short_keeps_the_items_before_the_cut() -> None:
    body = ECONOMY.read_bytes()
    found = parse_discovery(body[: len(body) // 2])
    assert found.kind == "rss" and found.cut_short
    assert not parse_discovery(body).cut_short
    assert 20 <= len(found.entries) < 50
    assert found.entries[0].url == "https://www.hankyung.com/article/2026042037091"
    assert all(e.published_at and e.published_at.endswith("+09:00") for e in found.entries)


def test_sitemap_index_lists_child_sitemaps() -> None:
    # Hand-made sitemap index (edge case): two children.
    body = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.hankyung.com/sitemap/daily-article/20260805.xml</loc></sitemap>"
        b"<sitemap><loc>https://www.hankyung.com/sitemap/daily-article/20260806.xml</loc></sitemap>"
        b"</sitemapindex>"
    )
    found = parse_discovery(body)
    assert found.kind == "sitemapindex"
    assert len(found.sitemaps) == 2


def test_challenge_page_is_not_a_feed() -> None:
    page = (FIXTURES / "hankyung/botwall/handmade-cloudflare-challenge.html").read_bytes()
    assert parse_discovery(page).kind == "unknown"
