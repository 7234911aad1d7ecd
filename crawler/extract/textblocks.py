"""A page's visible text, cut into blocks: the unit the main-text finder scores.

A block is the text between two block boundaries (a block-level element, a
custom element, ``<br>``), with the element that holds it and how much of
it is link text. Invisible text is never part of one: scripts, styles,
templates, forms, navigation, and elements hidden by ``hidden``,
``aria-hidden`` or an inline ``display: none``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract.text import normalize

INLINE_TAGS = frozenset(
    """a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd label mark q s
    samp small span strike strong sub sup time tt u var wbr""".split()
)
"""Tags that continue the paragraph around them; any other tag (custom ones too) breaks it."""
INVISIBLE_TAGS = frozenset(
    """script style noscript template iframe button select option input textarea svg video
    audio object embed canvas head title meta link nav aside footer menu dialog figure
    figcaption picture source map""".split()
)
"""Tags whose text is never the article's."""
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Block:
    """Text between two block boundaries, in document order."""

    owner: etree._Element
    text: str
    links: int
    """Characters of the text inside links."""


def class_and_id(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def is_invisible(element: etree._Element) -> bool:
    """True for an element whose text a reader never sees, or that is never article text."""
    tag = element.tag
    if not isinstance(tag, str):
        return True
    tag = tag.lower()
    if tag in INVISIBLE_TAGS:
        return True
    if tag == "form":
        # Whole pages sit inside one <form> on some CMSs; a real form is small.
        return len(element.xpath("string()")) < 1000
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def text_blocks(root: etree._Element) -> list[Block]:
    """The visible text of *root* cut into blocks, each with its owner and link share."""
    blocks: list[Block] = []
    parts: list[str] = []
    links = [0]

    def flush(owner: etree._Element) -> None:
        if parts:
            text = normalize("".join(parts))
            if text:
                blocks.append(Block(owner, text, min(links[0], len(text))))
            parts.clear()
        links[0] = 0

    def walk(element: etree._Element, owner: etree._Element, in_link: bool) -> None:
        if element.text:
            parts.append(element.text)
            if in_link:
                links[0] += len(element.text.strip())
        for child in element:
            if is_invisible(child):
                tag = child.tag.lower() if isinstance(child.tag, str) else ""
                if tag not in INLINE_TAGS:
                    flush(owner)
            else:
                tag = child.tag.lower()
                if tag == "br":
                    flush(owner)
                elif tag in INLINE_TAGS:
                    walk(child, owner, in_link or tag == "a")
                else:
                    flush(owner)
                    walk(child, child, in_link)
                    flush(child)
            if child.tail:
                parts.append(child.tail)
                if in_link:
                    links[0] += len(child.tail.strip())

    walk(root, root, False)
    flush(root)
    return blocks
