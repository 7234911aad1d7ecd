"""Text helpers shared by every parser: normalisation and paragraph splitting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from lxml import etree
from parsel import Selector

from crawler.extract.select import first

_DROPPED = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
     0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD]
)  # fmt: skip
"""Control characters and invisible ones (zero-width spaces, soft hyphens, BOM)."""
_HAS_DROPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in _DROPPED) + "]")

BLOCK_TAGS = frozenset(
    """address article aside blockquote center dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p
    pre section summary table tbody td tfoot th thead tr ul""".split()
)
"""Elements that start and end a paragraph of their own."""

SKIP_TAGS = frozenset(
    "script style noscript template iframe button select option input textarea svg "
    "video audio object embed figure figcaption img picture source head".split()
)
"""Elements whose text never belongs to an article body."""


def normalize(text: str | None) -> str:
    """NFC-normalise *text*, drop invisible and control characters, collapse spaces."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _HAS_DROPPED.search(text):
        # A scan in C first: translate() looks every character up in a dict.
        text = text.translate(_DROPPED)
    # str.split() splits on every Unicode space (no-break, ideographic, thin
    # and the like, which Korean CMS output copied from HWP files is full
    # of), in C: several times faster than a regular expression's sub.
    return " ".join(text.split())


def text_of(selector: Selector | None) -> str:
    """All text inside *selector*, normalised; empty when the selector is None."""
    if selector is None:
        return ""
    return normalize(" ".join(selector.xpath(".//text()").getall()))


def paragraphs(
    container: Selector,
    skip: Iterable[Selector] = (),
    skip_tags: frozenset[str] = SKIP_TAGS,
) -> list[str]:
    """Split the text of *container* into paragraphs.

    A paragraph ends at a block element (``p``, ``div`` …) and at every
    ``<br>``: Korean CMSs separate paragraphs with ``<br><br>``, and a single
    ``<br>`` separates lines that are units of their own (a byline, a list
    entry). Elements in *skip_tags* and the nodes in *skip* are left out
    entirely. Paragraphs are normalised and empty ones dropped.
    """
    skipped = {s.root for s in skip}
    buffer: list[str] = []
    out: list[str] = []

    def flush() -> None:
        text = normalize("".join(buffer))
        buffer.clear()
        if text:
            out.append(text)

    for event, data in _walk(container.root, skipped, skip_tags):
        if event == "text":
            buffer.append(data)
        else:
            flush()
    flush()
    return out


def _walk(
    element: etree._Element, skipped: set[etree._Element], skip_tags: frozenset[str]
) -> Iterator[tuple[str, str]]:
    """Yield ("text", str) and ("break", "") events in document order."""
    if element.text:
        yield "text", element.text
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        tag = tag.lower()
        if not tag or child in skipped or tag in skip_tags:
            # Comments, processing instructions and skipped elements: only
            # their tail text belongs to the container.
            if tag in BLOCK_TAGS or tag == "br":
                yield "break", ""
        elif tag == "br":
            yield "break", ""
        elif tag in BLOCK_TAGS:
            yield "break", ""
            yield from _walk(child, skipped, skip_tags)
            yield "break", ""
        else:
            yield from _walk(child, skipped, skip_tags)
        if child.tail:
            yield "text", child.tail


def block_paragraphs(
    selector: Selector, css: str, furniture: str = ""
) -> tuple[Selector | None, list[str]]:
    """The first element matching *css* and its paragraphs, without *furniture* nodes."""
    container = first(selector, css)
    return container, container_paragraphs(container, furniture)


def container_paragraphs(container: Selector | None, furniture: str = "") -> list[str]:
    """The paragraphs of *container* without its *furniture* nodes; none without a container."""
    if container is None:
        return []
    return paragraphs(container, skip=container.css(furniture) if furniture else ())
