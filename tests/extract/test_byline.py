"""Bylines and wire markers (hand-made lines in the shapes Korean outlets print)."""

from __future__ import annotations

from crawler.extract.byline import parse_byline, split_bylines
from crawler.items import Author


def test_dateline_reporter_and_email() -> None:
    byline = parse_byline("안산=이승우 기자 leeswoo@hankyung.com")
    assert byline is not None
    assert byline.dateline == "안산"
    assert byline.authors == [Author("이승우", "leeswoo@hankyung.com")]


def test_several_reporters_share_one_line() -> None:
    byline = parse_byline("김철수·이영희 기자 kim@hankyung.com lee@hankyung.com")
    assert byline is not None
    assert byline.authors == [
        Author("김철수", "kim@hankyung.com"),
        Author("이영희", "lee@hankyung.com"),
    ]


def test_a_sentence_is_not_a_byline() -> None:
    assert parse_byline("이 기자는 현장에서 취재했다고 밝혔다.") is None


def test_trailing_byline_and_lone_email_leave_the_body() -> None:
    paras, byline = split_bylines(["본문 문단이다.", "홍길동 기자", "hong@hankyung.com"])
    assert paras == ["본문 문단이다."]
    assert byline.authors == [Author("홍길동", "hong@hankyung.com")]


def test_wire_lead_sets_origin_dateline_and_reporter() -> None:
    paras, byline = split_bylines(
        ["(서울=연합뉴스) 홍길동 기자 = 코스피가 올랐다.", "마지막 문단."]
    )
    assert paras == ["코스피가 올랐다.", "마지막 문단."]
    assert (byline.origin, byline.dateline) == ("연합뉴스", "서울")
    assert byline.authors == [Author("홍길동")]


def test_wire_tail_is_removed() -> None:
    paras, byline = split_bylines(["첫 문단.", "마지막 문단이다. /뉴스1"])
    assert paras == ["첫 문단.", "마지막 문단이다."]
    assert byline.origin == "뉴스1"


def test_bracketed_reporter_at_the_top() -> None:
    paras, byline = split_bylines(["[한경닷컴 홍길동 기자] 삼성전자가 반등했다."])
    assert paras == ["삼성전자가 반등했다."]
    assert byline.authors == [Author("홍길동")]
