"""One page through :func:`crawler.parsing.pages.parse_page`: span, whole page and fallback."""

from __future__ import annotations

from dataclasses import asdict

from crawler.parsing.pages import parse_page
from crawler.sites.hankyung import Hankyung
from tests.conftest import FIXTURES
from tests.parsing import FooterSpan

URL = "https://www.hankyung.com/article/2026042037091"
BODY = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()


def test_span_is_parsed_when_its_markers_are_found() -> None:
    parsed = parse_page(BODY, "utf-8", URL, Hankyung())
    assert parsed.extent == "span"
    assert parsed.article.title == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"


def test_span_without_title_or_body_falls_back_to_the_whole_page() -> None:
    whole = parse_page(BODY, "utf-8", URL, Hankyung(), whole=True)
    fallback = parse_page(BODY, "utf-8", URL, FooterSpan())
    assert fallback.extent == "span_fallback"
    assert whole.extent == "whole"
    assert asdict(fallback.article) == asdict(whole.article)
    assert fallback.article.body


def test_page_without_a_site_is_parsed_whole() -> None:
    body = (FIXTURES / "other/einfomax-4296544.html").read_bytes()
    url = "https://news.einfomax.co.kr/news/articleView.html?idxno=4296544"
    assert parse_page(body, "utf-8", url, None).extent == "whole"


def test_an_article_card_inside_the_body_does_not_end_the_span() -> None:
    # The real page with an <article> card added after its figure (a related-article
    # card as CMSs embed them): the span must end at the page's own </article>.
    at = BODY.index(b"</figure>") + len(b"</figure>")
    card = '<article class="card"><a href="/article/1">관련 기사 카드</a></article>'.encode()
    body = BODY[:at] + card + BODY[at:]
    spanned = parse_page(body, "utf-8", URL, Hankyung())
    whole = parse_page(body, "utf-8", URL, Hankyung(), whole=True)
    assert spanned.extent == "span"
    assert asdict(spanned.article) == asdict(whole.article)
    assert spanned.article.body.endswith(
        parse_page(BODY, "utf-8", URL, Hankyung()).article.body[-40:]
    )
