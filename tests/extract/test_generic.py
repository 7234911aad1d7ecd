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
