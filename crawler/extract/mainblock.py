"""The main text of any page: candidate blocks scored on their visible text.

The page is read once into text blocks (the text between two block
boundaries, with the element that holds it and how much of it is link
text). Invisible text never counts: scripts, styles, templates, forms,
navigation, and elements hidden by ``hidden``, ``aria-hidden`` or an inline
``display: none``. Every sentence-like block adds to the score of the
elements above it, less the further up they are, and less the more of it
is link text; an element's class and id, ``itemprop=articleBody``,
``<article>`` and the JSON-LD ``articleBody`` then weigh in. The best
element wins, together with the siblings and the ancestor that hold the
rest of a body split into several containers. Inside it, link lists,
share and subscribe widgets, related-article lists, captions and
advertising labels are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.boilerplate import JUNK, body_blocks, is_body_marker, is_furniture
from crawler.extract.textblocks import (
    INLINE_TAGS,
    Block,
    class_and_id,
    is_invisible,
    text_blocks,
)

_GOOD = re.compile(
    r"article|body|content|entry|main|post|text|story|prose|blog|news|view|detail|cont",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[.,!?。，、;:]|다\b")
_MIN_BLOCK = 25


@dataclass
class Totals:
    text: int = 0
    links: int = 0
    score: float = 0.0
    blocks: list[Block] = field(default_factory=list)


_PARAGRAPH_TAGS = frozenset("p h2 h3 h4 h5 h6 li blockquote pre dd dt".split())


def _paragraph_like(element: etree._Element) -> bool:
    """A paragraph of its container (``p``, or an element with no block inside), not a container."""
    tag = element.tag.lower()
    if tag in _PARAGRAPH_TAGS:
        return True
    return not any(
        isinstance(child.tag, str)
        and child.tag.lower() not in INLINE_TAGS
        and child.tag.lower() != "br"
        for child in element
    )


def _tag_weight(element: etree._Element) -> float:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    weight = {"article": 10.0, "main": 5.0, "div": 5.0, "section": 3.0, "td": 3.0}.get(tag, 0.0)
    if tag in ("ul", "ol", "dl", "li", "form", "table", "header", "h1", "h2", "h3"):
        weight -= 5
    words = class_and_id(element)
    if JUNK.search(words):
        weight -= 25
    if _GOOD.search(words):
        weight += 25
    if is_body_marker(element):
        weight += 50
    return weight


_SUBTITLE = re.compile(
    r"sub-?title|subtit|summary|mid_?title|standfirst|\bdeck\b|\bdek\b|sub_?subject|subhead|"
    r"\bstit",
    re.IGNORECASE,
)
"""Class and id words of the sub-headlines above a body."""


@dataclass
class MainBlock:
    """The elements that hold the article's text, in document order, and what they say."""

    elements: list[etree._Element]
    paragraphs: list[str]
    subtitles: list[str]
    """Sub-headlines: marked lines at the head of the body, or just before it."""


def main_block(root: etree._Element, reference: str = "") -> MainBlock | None:
    """The main text of the page under *root*, or None when it holds no sentence-like text.

    *reference* is the body the page declares elsewhere (JSON-LD
    ``articleBody``): of the best-scored candidates, the one whose text
    shares most words with it wins.
    """
    blocks = text_blocks(root)
    totals: dict[etree._Element, Totals] = {}
    for block in blocks:
        length = len(block.text)
        for ancestor in _ancestors(block.owner, root):
            found = totals.get(ancestor)
            if found is None:
                found = totals[ancestor] = Totals()
            found.text += length
            found.links += block.links
            found.blocks.append(block)
        if length < _MIN_BLOCK:
            continue
        density = block.links / length
        score = (1 + min(len(_SENTENCE.findall(block.text)), 10) + min(length / 100, 3)) * (
            1 - density
        )
        owner = block.owner
        start = owner.getparent() if owner is not root and _paragraph_like(owner) else owner
        for level, ancestor in enumerate(_ancestors(start, root)):
            if level > 4:
                break
            totals[ancestor].score += score / (1 if level == 0 else 2 if level == 1 else level * 3)
    scored = {
        element: (found.score + _tag_weight(element)) * (1 - found.links / max(found.text, 1))
        for element, found in totals.items()
        if found.score > 0
    }
    if not scored:
        return None
    ranked = sorted(scored, key=scored.__getitem__, reverse=True)
    top = ranked[0]
    if reference:
        closest = _closest_to(reference, ranked[:5], totals)
        if closest is not None:
            top = closest
    top = _widen(top, ranked, scored, root)
    elements = _with_siblings(top, scored, totals)
    elements = _with_same_class(elements, top, totals, root)
    blocks = [b for element in elements for b in body_blocks(element)]
    subtitles = _preceding_subtitles(elements[0])
    while blocks and len(blocks[0].text) < 120 and _is_subtitle(blocks[0].owner, elements):
        subtitles.append(blocks.pop(0).text)
    return MainBlock(elements, [b.text for b in blocks], subtitles)


def _with_same_class(
    elements: list[etree._Element],
    top: etree._Element,
    totals: dict[etree._Element, Totals],
    root: etree._Element,
) -> list[etree._Element]:
    """*elements* and the other parts of a body its CMS cut into containers of one class."""
    wanted = top.get("class")
    if not wanted or not _GOOD.search(wanted):
        return elements
    parts = [
        element
        for element, found in totals.items()
        if element.get("class") == wanted
        and found.text > 100
        and found.links < 0.3 * found.text
        and not any(_related(element, e) for e in elements)
    ]
    if not parts:
        return elements
    order = {element: number for number, element in enumerate(root.iter())}
    return sorted([*elements, *parts], key=order.__getitem__)


def _is_subtitle(element: etree._Element, containers: list[etree._Element]) -> bool:
    node = element
    while node is not None and node not in containers:
        if _SUBTITLE.search(class_and_id(node)):
            return True
        node = node.getparent()
    return False


def _preceding_subtitles(element: etree._Element) -> list[str]:
    """Marked sub-headlines among the elements just before the body (``div.summary``)."""
    for sibling in element.itersiblings(preceding=True):
        if isinstance(sibling.tag, str) and _SUBTITLE.search(class_and_id(sibling)):
            return [b.text for b in text_blocks(sibling) if len(b.text) < 200]
    return []


def _ancestors(element: etree._Element | None, root: etree._Element):
    while element is not None:
        yield element
        if element is root:
            return
        element = element.getparent()


def _closest_to(
    reference: str, candidates: list[etree._Element], totals: dict[etree._Element, Totals]
) -> etree._Element | None:
    """The candidate whose words best match *reference* (F1 of word counts), if any is close."""
    want = _words(reference)
    best, best_f1 = None, 0.5
    for element in candidates:
        got = _words(" ".join(b.text for b in totals[element].blocks))
        overlap = len(want & got)
        if not overlap:
            continue
        precision, recall = overlap / len(got), overlap / len(want)
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best_f1:
            best, best_f1 = element, f1
    return best


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _widen(
    top: etree._Element,
    ranked: list[etree._Element],
    scored: dict[etree._Element, float],
    root: etree._Element,
) -> etree._Element:
    """The ancestor of *top* that also holds the other strong candidates (a body split in parts)."""
    threshold = scored[top] * 0.6
    strong = [e for e in ranked[1:8] if scored[e] >= threshold and not _related(e, top)]
    if not strong:
        return top
    current = top
    for ancestor in _ancestors(top.getparent(), root):
        if ancestor is root:
            break
        holds = sum(1 for e in strong if _contains(ancestor, e))
        if holds >= max(1, len(strong) // 2) and scored.get(ancestor, 0) >= scored[top] * 0.5:
            current = ancestor
            break
    return current


def _related(a: etree._Element, b: etree._Element) -> bool:
    return _contains(a, b) or _contains(b, a)


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    node = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _with_siblings(
    top: etree._Element, scored: dict[etree._Element, float], totals: dict[etree._Element, Totals]
) -> list[etree._Element]:
    """*top* and its siblings that hold more of the article (readability's sibling rule)."""
    parent = top.getparent()
    if parent is None:
        return [top]
    threshold = max(10.0, scored[top] * 0.2)
    top_class = top.get("class")
    chosen = []
    for sibling in parent:
        if sibling is top:
            chosen.append(sibling)
            continue
        if not isinstance(sibling.tag, str) or is_invisible(sibling) or is_furniture(sibling):
            continue
        found = totals.get(sibling)
        if found is None or not found.text:
            continue
        density = found.links / found.text
        if (
            (scored.get(sibling, 0) >= threshold and density < 0.3)
            or (top_class and sibling.get("class") == top_class and density < 0.3)
            or (sibling.tag.lower() == "p" and found.text > 80 and density < 0.25)
        ):
            chosen.append(sibling)
    return chosen
