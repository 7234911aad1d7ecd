"""Charset repair and truncation on real saved pages."""

from __future__ import annotations

from crawler.extract.page import decode_page, is_truncated
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
