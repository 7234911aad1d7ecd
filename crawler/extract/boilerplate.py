"""Page furniture inside an article's block: widgets, link lists and label lines.

Share and subscribe widgets, related-article lists, captions and credits
are recognised by their class and id words; lists of links by their link
share; advertising and "read more" lines by their words.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extract.text import normalize
from crawler.extract.textblocks import Block, class_and_id, text_blocks

JUNK = re.compile(
    r"(?:^|[-_\s])(?:comments?|sidebar|side-bar|widget|related|recommend\w*|share|sharing|"
    r"social|promo\w*|sponsor\w*|advert\w*|ads?|adslot|dfp|banner|newsletter|subscri\w*|"
    r"signup|sign-up|popup|modal|cookie\w*|breadcrumbs?|nav|navbar|navigation|menu|masthead|"
    r"toolbar|tags|taglist|keywords|pagination|pager|outbrain|taboola|disqus|trending|"
    r"most-?popular|more-stories|read-?more|caption|credit|author-?bio|bio|rail|footer|"
    r"print|hidden|sr-only|visually-hidden|copyright|byline|headline|header|meta|"
    r"(?:img|photo|image|pic)[-_]?(?:desc|txt|text|cap\w*))(?:[-_\s]|$)",
    re.IGNORECASE,
)
"""Class and id words of page furniture."""
_LABEL = re.compile(
    r"^(?:advertisement|advertising|sponsored|story continues below|continue reading|"
    r"read more|read next|related|share( this)?|sign up|subscribe|click here|follow us|"
    r"광고|기사 ?URL이 복사되었습니다\.?|URL 복사|공유하기|관련기사|추천기사|많이 본 뉴스)"
    r"\b.{0,60}$",
    re.IGNORECASE,
)
"""Short lines that label page furniture rather than say anything."""


def is_furniture(element: etree._Element) -> bool:
    """True for share, related, subscribe, caption … elements inside an article."""
    words = class_and_id(element)
    return bool(words.strip()) and bool(JUNK.search(words)) and not is_body_marker(element)


def is_body_marker(element: etree._Element) -> bool:
    return element.get("itemprop") == "articleBody"


def body_blocks(container: etree._Element) -> list[Block]:
    """The blocks of *container*, without furniture, link lists and label lines."""
    kept = []
    furniture: dict[etree._Element, bool] = {}
    for block in text_blocks(container):
        if _in_furniture(block.owner, container, furniture):
            continue
        if len(block.text) < 90 and _LABEL.match(block.text):
            continue
        kept.append(block)
    # Lines that are mostly a link: "more on this" lists before and after
    # the article, and inside it a link the newsroom wrote into the text.
    linked = [b.links > len(b.text) * 0.6 and len(b.text) < 300 for b in kept]
    start = next((i for i, is_link in enumerate(linked) if not is_link), len(kept))
    end = len(kept) - next((i for i, is_link in enumerate(reversed(linked)) if not is_link), 0)
    return [
        block
        for number, block in enumerate(kept[start:end], start)
        if not (linked[number] and _in_link_run(linked, number))
    ]


def _in_link_run(linked: list[bool], number: int) -> bool:
    """True when the link line at *number* has another one beside it (a list of links)."""
    return (number > 0 and linked[number - 1]) or (number + 1 < len(linked) and linked[number + 1])


def _in_furniture(
    element: etree._Element, container: etree._Element, known: dict[etree._Element, bool]
) -> bool:
    """True when *element* or an ancestor below *container* is furniture (memoised in *known*)."""
    if element is container or element is None:
        return False
    found = known.get(element)
    if found is None:
        found = known[element] = (
            is_furniture(element)
            or _is_link_list(element)
            or _is_photo_box(element)
            or _in_furniture(element.getparent(), container, known)
        )
    return found


_PHOTO_BOX_TAGS = frozenset("div span table dl section".split())


def _is_photo_box(element: etree._Element) -> bool:
    """A wrapper of a photo and its caption or credit (``사진=연합뉴스``), not a paragraph."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag not in _PHOTO_BOX_TAGS or element.find(".//img") is None:
        return False
    return len(normalize(element.xpath("string()"))) < 300


def _is_link_list(element: etree._Element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag not in ("ul", "ol", "dl", "table", "nav"):
        return False
    text = normalize(element.xpath("string()"))
    links = normalize(" ".join(element.xpath(".//a//text()")))
    return bool(text) and len(links) > 0.5 * len(text)
