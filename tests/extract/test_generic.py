"""The generic extractor on every saved Korean page, as if its site had no module.

The site parsers' expected records are the reference: what a new user gets
from ``scrapy crawl article`` on an outlet we have no module for should be
what a module would give.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from parsel import Selector

from crawler.extract.generic import parse_generic
from crawler.pipelines.clean import clean_record
from tests.conftest import FIXTURES
from tests.scoring import prf

CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
MT = {"mt/mtview-2019013122370465870-a", "mt/mtview-2019013122370465870-b"}
"""The 2019 mt layout: the generic body keeps one line the mt parser drops."""


def generic_record(case: str) -> dict:
    page = (FIXTURES / f"{case}.html").read_bytes().decode("utf-8")
    record = asdict(parse_generic(Selector(text=page), CASES[case]["url"]))
    clean_record(record)
    return record


def expected(case: str) -> dict:
    return json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_title_and_body_as_the_site_module_gives_them(case: str) -> None:
    record, want = generic_record(case), expected(case)
    assert record["title"] == want["title"]
    if case in MT:
        assert prf(record["body"], want["body"])[2] >= 0.98
    else:
        assert record["body"] == want["body"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_subtitles_are_never_left_in_the_body(case: str) -> None:
    record = generic_record(case)
    for subtitle in expected(case)["subtitles"]:
        assert subtitle not in record["body"].split("\n\n")


@pytest.mark.parametrize(
    "case",
    [
        c
        for c in sorted(CASES)
        if expected(c)["subtitles"] and c.split("/")[0] in ("mk", "hankyung")
    ],
)
def test_subtitles_marked_in_or_before_the_body_are_found(case: str) -> None:
    assert generic_record(case)["subtitles"] == expected(case)["subtitles"]


SENTENCE = "정부가 내년 예산안을 발표하면서 반도체 산업 지원을 대폭 늘리기로 했다. 업계는 환영의 뜻을 밝혔다."
HANDMADE = f"""<html><head><title>정부, 반도체 지원 확대-경제ㅣ한국일보</title>
<meta property="og:site_name" content="한국일보"><meta property="article:section" content="경제">
</head><body><nav><a href="/">홈</a><a href="/eco">경제</a></nav>
<h1 class="title">정부, 반도체 지원 확대</h1>
<div class="sub-title"><h2>내년 예산 12% 증액</h2><h2>업계 "환영"</h2></div>
<div class="col-main">
<p class="editor-p">{SENTENCE} 첫째.</p>
<div class="editor-img-box"><img src="a.jpg"><p class="img-desc">부총리가 20일 브리핑하고 있다. 연합뉴스</p></div>
<p class="editor-p">{SENTENCE} 둘째.</p>
<p class="editor-p">사진=게티이미지뱅크</p>
<p class="editor-p">{SENTENCE} 셋째.</p>
<p class="editor-p">세종=홍길동 기자 hong@hankookilbo.com</p>
<div class="share-box"><button>공유</button><span>기사 URL이 복사되었습니다.</span></div>
<div class="related-news"><h3>관련기사</h3><ul><li><a href="/1">반도체 수출 회복세</a></li>
<li><a href="/2">예산안 국회 제출</a></li></ul></div>
<p class="copyright">ⓒ 한국일보, 무단 전재 및 재배포 금지</p>
</div></body></html>"""


def test_handmade_page_of_an_outlet_without_a_module() -> None:
    # A hand-made page in the shape of a Korean outlet's (no such page is saved):
    # title suffix glued on, sub-headlines above the body, a photo box with a
    # wire credit, a credit line, the byline, a share widget, related headlines.
    record = asdict(
        parse_generic(Selector(text=HANDMADE), "https://www.hankookilbo.com/News/Read/A1")
    )
    clean_record(record)
    assert record["title"] == "정부, 반도체 지원 확대"
    assert record["subtitles"] == ["내년 예산 12% 증액", '업계 "환영"']
    assert record["authors"] == [{"name": "홍길동", "email": "hong@hankookilbo.com"}]
    assert record["dateline"] == "세종"
    assert record["body"] == "\n\n".join(f"{SENTENCE} {n}." for n in ("첫째", "둘째", "셋째"))
