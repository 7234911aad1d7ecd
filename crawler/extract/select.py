"""Cheap ways into a parsed page.

Every CSS query is an XPath walk of the whole tree: on a news page of 1,000 to
3,000 elements one costs a tenth of the parse, and ``div#articletxt`` (a walk
comparing every element's ``id``) costs more than most. Two shortcuts: lxml's
HTML parser indexes ``id`` attributes, so ``id('articletxt')`` is a lookup;
and a site's queries run inside the article's region, found once, walk a
quarter of the tree.
"""

from __future__ import annotations

from parsel import Selector


def by_id(selector: Selector, element_id: str, tag: str | None = None) -> Selector | None:
    """The element whose ``id`` is *element_id* (and whose tag is *tag*, if given)."""
    found = selector.xpath("id($id)", id=element_id)
    if not found or (tag is not None and found[0].root.tag != tag):
        return None
    return found[0]


def region(selector: Selector, element_id: str) -> Selector:
    """The element with id *element_id*, where a site keeps the whole article; else the page."""
    found = by_id(selector, element_id)
    # Not "or": a Selector's truth value serialises the whole element.
    return found if found is not None else selector


def first(selector: Selector | None, css: str) -> Selector | None:
    """The first element matching *css* inside *selector*, or None."""
    if selector is None:
        return None
    found = selector.css(css)
    return found[0] if found else None


def every(selector: Selector | None, css: str) -> list[Selector]:
    """Every element matching *css* inside *selector*; none without one."""
    return selector.css(css) if selector is not None else []
