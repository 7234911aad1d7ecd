"""Charset repair and truncation on real saved pages."""

from __future__ import annotations

from crawler.extract.page import Span, decode_page, is_truncated, trim
from tests.conftest import FIXTURES

MT_PAGE = FIXTURES / "mt/mtview-2019013122370465870-a.html"


def test_page_declaring_euc_kr_but_encoded_in_utf8_is_read_as_utf8() -> None:
    body = MT_PAGE.read_bytes()
    assert b"charset=euc-kr" in body.lower()
    page = decode_page(body, "cp949")
    assert page.repaired
    assert page.encoding == "utf-8"
    assert "머니투데이" in page.text


def test_correctly_declared_page_is_left_alone() -> None:
    body = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()
    page = decode_page(body, "utf-8")
    assert not page.repaired
    assert page.undecodable == 0


def test_bytes_no_charset_decodes_are_counted() -> None:
    body = "한국경제".encode()[:-1] + b"\xff\xfe"
    page = decode_page(body, "utf-8")
    assert page.undecodable > 0


def test_truncated_page_is_detected() -> None:
    body = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()
    assert not is_truncated(body)
    assert is_truncated(body[: len(body) // 2])


HANKYUNG_SPAN = Span(b'<div id="container"', b"</article>")


def test_trim_keeps_the_head_and_the_span_of_a_real_page() -> None:
    body = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()
    part = trim(body, HANKYUNG_SPAN)
    head_end = body.index(b"</head>") + len(b"</head>")
    assert part.startswith(body[:head_end] + b'<body><div id="container"')
    assert b'id="articletxt"' in part
    assert b"<footer" not in part
    assert len(part) < len(body) / 2


def test_trim_returns_the_page_itself_when_a_marker_is_missing() -> None:
    body = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()
    assert trim(body, None) is body
    assert trim(body, Span(b'<div id="no-such-id"', b"</article>")) is body
    assert trim(body, Span(b'<div id="container"', b"<no-such-tag>")) is body


def test_trim_looks_for_the_markers_in_order_after_the_head() -> None:
    # Hand-made snippets, each missing one landmark a real page has.
    no_head = b'<html><body><main id="m"><h1>t</h1></main></body></html>'
    assert trim(no_head, Span(b"<main", b"</main>")) is no_head
    start_in_head = b'<html><head><meta name="main"></head><body><p>x</p></body></html>'
    assert trim(start_in_head, Span(b'name="main"', b"</p>")) is start_in_head
    end_before_start = b"<html><head></head><body></main><main><p>x</p></body></html>"
    assert trim(end_before_start, Span(b"<main", b"</main>")) is end_before_start


def test_a_closing_tag_ends_the_span_where_its_element_closes() -> None:
    # Hand-made: an <article> nested in the article, and a name that only starts alike.
    page = (
        b'<html><head><title>t</title></head><body><div id="c"><article><p>first</p>'
        b"<article><p>card</p></article><article-list></article-list><p>after the card</p>"
        b"</article><aside>most read</aside></div></body></html>"
    )
    part = trim(page, Span(b'<div id="c"', b"</article>"))
    assert part.endswith(b"<p>after the card</p>")
