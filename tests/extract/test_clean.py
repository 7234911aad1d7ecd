"""The cleaner on real records, and on variants of them with the leftovers it must remove."""

from __future__ import annotations

import copy
import json

import pytest

from crawler.extract.clean import clean_record
from crawler.extract.furniture import RULES
from tests.conftest import FIXTURES

EXPECTED_2026 = json.loads(
    (FIXTURES / "hankyung/article-2026042037091.json").read_text(encoding="utf-8")
)


def naive_variant() -> dict:
    """The 2026 record as a naive text extraction gives it (the failure reported for
    hankyung 202406120618i): toolbar words, subtitles repeated at the top, the whole
    body twice, the byline and the copyright line left in."""
    record = copy.deepcopy(EXPECTED_2026)
    body = record["body"].split("\n\n")
    s1, s2 = record["subtitles"]
    record["subtitles"] = []
    record["authors"] = []
    record["dateline"] = None
    record["body"] = "\n\n".join(
        ["기사 스크랩", "공유", "댓글", "클린뷰", "프린트", s1, s2, s1, s2, *body, *body,
         "베이징=김은정 특파원 kej@hankyung.com", "ⓒ 한경닷컴, 무단전재 및 재배포 금지"]
    )  # fmt: skip
    return record


def test_real_records_are_left_as_they_are() -> None:
    for page in ("article-202401298662Y", "article-2026042037091"):
        expected = json.loads((FIXTURES / f"hankyung/{page}.json").read_text(encoding="utf-8"))
        record = copy.deepcopy(expected)
        report = clean_record(record)
        assert record == expected
        assert sum(report.removed.values()) == 0


def test_naive_extraction_is_cleaned_back_to_the_article() -> None:
    record = naive_variant()
    report = clean_record(record)
    assert record["body"] == EXPECTED_2026["body"]
    assert record["subtitles"] == EXPECTED_2026["subtitles"]
    assert record["authors"] == [{"name": "김은정", "email": "kej@hankyung.com"}]
    assert record["dateline"] == "베이징"
    assert report.removed["toolbar"] == 5
    assert report.removed["copyright"] == 1
    assert report.removed["repeated_paragraph"] == 6
    assert report.moved["subtitle"] == 2


def test_short_repeated_answers_are_kept() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    body = record["body"].split("\n\n")
    record["body"] = "\n\n".join([body[0], "네.", body[1], "네.", body[2]])
    clean_record(record)
    assert record["body"].split("\n\n") == [body[0], "네.", body[1], "네.", body[2]]


@pytest.mark.parametrize(
    ("leftover", "rule"),
    [
        ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "copyright"),
        ("Copyright ⓒ 매일경제 & mk.co.kr. All rights reserved.", "copyright"),
        ("[ⓒ 매일경제 & mk.co.kr, 무단 전재, 재배포 및 AI학습 이용 금지]", "copyright"),
        ("<ⓒ종합 경제정보 미디어 이데일리 - 무단전재 & 재배포 금지>", "copyright"),
        ("저작권자 © 머니투데이 무단전재 및 재배포 금지", "copyright"),
        ("뉴스 듣기 글자 크기", "toolbar"),
        ("https://www.hankyung.com/article/2026042037091", "bare_url"),
        ("[사진=연합뉴스]", "photo_credit"),
        ("▶ 한경 유튜브 구독하고 경제 뉴스 받아보세요", "subscription"),
    ],
)
def test_furniture_lines_are_removed(leftover: str, rule: str) -> None:
    record = copy.deepcopy(EXPECTED_2026)
    record["body"] = record["body"] + "\n\n" + leftover
    report = clean_record(record)
    assert record["body"] == EXPECTED_2026["body"]
    assert report.removed[rule] == 1


def test_photo_credit_inside_a_paragraph_is_stripped() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    first, *rest = record["body"].split("\n\n")
    record["body"] = "\n\n".join([first + " [사진=연합뉴스]", *rest])
    clean_record(record)
    assert record["body"] == EXPECTED_2026["body"]


def test_related_articles_block_is_dropped_with_its_headlines() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    record["body"] += "\n\n▶ 관련기사\n\n中 전기차 가격 전쟁 격화\n\nBYD, 유럽 공장 가동"
    report = clean_record(record)
    assert record["body"] == EXPECTED_2026["body"]
    assert report.removed["related"] == 3


def test_wire_copy_sets_origin() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    first, *rest = record["body"].split("\n\n")
    record["body"] = "\n\n".join(["(베이징=연합뉴스) 김은정 특파원 = " + first, *rest, "/연합뉴스"])
    record["origin"] = None
    clean_record(record)
    assert record["body"] == EXPECTED_2026["body"]
    assert record["origin"] == "연합뉴스"


def test_entities_control_characters_and_nfc() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    record["title"] = (
        "&quot;운전 중 변기에 볼일 보세요&quot;…中 전기차\u00a0&#39;기막힌 발상&#39;\x07"
    )
    clean_record(record)
    assert record["title"] == EXPECTED_2026["title"]


def test_rules_can_be_switched_off() -> None:
    record = copy.deepcopy(EXPECTED_2026)
    record["body"] += "\n\n[사진=연합뉴스]"
    clean_record(record, [r for r in RULES if r.name != "photo_credit"])
    assert record["body"].endswith("[사진=연합뉴스]")
