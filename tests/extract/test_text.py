"""Paragraph splitting and normalisation (hand-made snippets, one edge case each)."""

from __future__ import annotations

import unicodedata

from parsel import Selector

from crawler.extract.text import normalize, paragraphs


def body(html: str) -> Selector:
    return Selector(text=f"<div id='b'>{html}</div>", type="html").css("#b")[0]


def test_double_br_separates_paragraphs_and_figures_are_left_out() -> None:
    html = "첫 문단.<br><br><figure><img src='a.jpg'><figcaption>사진 설명</figcaption></figure>둘째 문단.<br><br>"
    assert paragraphs(body(html)) == ["첫 문단.", "둘째 문단."]


def test_block_elements_and_single_br_end_a_paragraph() -> None:
    html = "<p>하나 <b>굵게</b> 이어서</p><p>둘</p>셋<br>넷"
    assert paragraphs(body(html)) == ["하나 굵게 이어서", "둘", "셋", "넷"]


def test_scripts_comments_and_skipped_nodes_are_left_out() -> None:
    html = "본문<script>var x=1;</script><!-- 주석 --><div class='ad'>광고</div> 계속"
    node = body(html)
    assert paragraphs(node, skip=node.css(".ad")) == ["본문", "계속"]


def test_normalize_nfc_spaces_and_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "한국경제")
    assert normalize(f"\u00a0 {decomposed}\u200b\u3000뉴스\x07 ") == "한국경제 뉴스"
    assert normalize("삼성전자\u202f\u2028 \t반도체\r\n") == "삼성전자 반도체"
