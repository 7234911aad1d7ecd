"""Meta-refresh redirects still happen; pages without one pass untouched."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.metarefresh import HeadMetaRefreshMiddleware
from tests.conftest import FIXTURES

ARTICLE = "https://www.hankyung.com/article/2026042037091"
# Hand-made snippet for the edge case: a page that moved, saying so in <head>.
MOVED = (
    b'<html><head><meta http-equiv="Refresh" content="0; url=/article/2026042037091">'
    b"</head><body></body></html>"
)


def middleware() -> HeadMetaRefreshMiddleware:
    return HeadMetaRefreshMiddleware.from_crawler(get_crawler())


def test_a_meta_refresh_is_followed() -> None:
    request = Request("https://www.hankyung.com/economy/article/2026042037091")
    response = HtmlResponse(request.url, body=MOVED, request=request, encoding="utf-8")
    redirected = middleware().process_response(request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == ARTICLE


def test_a_saved_page_without_one_passes_undecoded() -> None:
    body = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()
    request = Request(ARTICLE)
    response = HtmlResponse(ARTICLE, body=body, request=request, encoding="utf-8")
    assert middleware().process_response(request, response) is response
    # Scrapy's version decodes the whole page to look; this one did not.
    assert response._cached_ubody is None
