"""A Cloudflare challenge is counted, retried with back-off, and never stored."""

from __future__ import annotations

from tests.conftest import FIXTURES


def test_challenge_is_retried_then_given_up_and_the_crawl_goes_on(crawl) -> None:
    urls = "https://www.hankyung.com/article/2026042037091,https://www.hankyung.com/article/202401298662Y"
    result = crawl(
        "hankyung",
        "-a",
        f"urls={urls}",
        "-s",
        f"REPLAY={FIXTURES / 'hankyung/botwall'}",
        "-s",
        "DOWNLOAD_DELAY=0.01",
    )
    # The challenge URL gives no record; the other article still does.
    assert [i["article_id"] for i in result.items] == ["202401298662Y"]
    assert result.stats["botwall/cloudflare"] == 3  # first try and two retries
    assert result.stats["botwall/retry/count"] == 2
    assert result.stats["botwall/gave_up"] == 1
    assert "Bot wall (cloudflare, status 403)" in result.log
