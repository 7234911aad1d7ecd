"""Challenge-page detection."""

from __future__ import annotations

from crawler.extract.botwall import challenge_kind
from tests.conftest import FIXTURES


def test_cloudflare_challenge_is_recognised() -> None:
    page = (FIXTURES / "hankyung/botwall/handmade-cloudflare-challenge.html").read_bytes()
    assert challenge_kind(page) == "cloudflare"


def test_real_article_pages_are_not_challenges() -> None:
    for page in sorted(FIXTURES.glob("*/*.html")):
        assert challenge_kind(page.read_bytes()) is None, page
