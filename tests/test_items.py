"""The record form of an Article: what pipelines and exporters work on."""

from __future__ import annotations

import json

from itemadapter import ItemAdapter

from crawler.items import Article, as_record
from crawler.parsing.pages import parse_with
from crawler.sites import site_for_url
from tests.conftest import FIXTURES, fixture_selector


def test_as_record_matches_itemadapter_on_every_saved_page() -> None:
    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    for case, info in cases.items():
        article = parse_with(
            site_for_url(info["url"]), fixture_selector(f"{case}.html"), info["url"]
        )
        record = as_record(article)
        assert record == ItemAdapter(article).asdict()
        assert list(record) == list(ItemAdapter(article).asdict())


def test_as_record_copies_what_it_returns() -> None:
    article = Article(url="u", source="s", article_id="1", title="t", keywords=["a"])
    record = as_record(article)
    record["keywords"].append("b")
    assert article.keywords == ["a"]


def test_other_items_go_through_itemadapter() -> None:
    assert as_record({"url": "u", "title": "t"}) == {"url": "u", "title": "t"}
