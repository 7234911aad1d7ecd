"""Shortcuts into a parsed page: elements by id, and a site's article region."""

from __future__ import annotations

from parsel import Selector

from crawler.extract.select import by_id, every, first, region
from tests.conftest import fixture_selector

# A hand-made snippet for the edge cases: an id on an element of another tag,
# and a page without the region's id.
SNIPPET = Selector(
    text='<html><body><span id="articletxt">x</span><h1 class="headline">T</h1></body></html>',
    type="html",
)


def test_by_id_on_a_saved_page() -> None:
    page = fixture_selector("hankyung/article-202401298662Y.html")
    body = by_id(page, "articletxt", "div")
    assert body is not None
    assert body.root.tag == "div"
    assert body.root.get("id") == "articletxt"
    assert body.root is page.css("div#articletxt")[0].root


def test_by_id_checks_the_tag() -> None:
    assert by_id(SNIPPET, "articletxt", "div") is None
    assert by_id(SNIPPET, "articletxt") is not None
    assert by_id(SNIPPET, "missing") is None


def test_region_falls_back_to_the_page() -> None:
    page = fixture_selector("mk/news-business-10932589.html")
    main = region(page, "container")
    assert main.root.tag == "main"
    assert region(SNIPPET, "container") is SNIPPET
    assert first(region(SNIPPET, "container"), "h1.headline").root.text == "T"
    assert first(None, "h1") is None


def test_every_inside_an_element_or_none() -> None:
    page = fixture_selector("edaily/article-05569446645418088.html")
    header = first(page, "div.news_titles")
    assert [s.root.tag for s in every(header, "h1")] == ["h1"]
    assert every(None, "h1") == []
