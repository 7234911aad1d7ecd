"""A page's headline, reconciled from what it declares and what it prints.

JSON-LD ``headline``, ``og:title`` and ``<title>`` are often the headline
plus the outlet's name and section (``…커졌다-정치ㅣ한국일보``, ``… - 매일경제``),
or the headline without its quotation marks; the ``<h1>`` prints it as the
newsroom wrote it, but a page may have several, one of them the logo. So an
``<h1>`` wins when it reads as one of the declared titles (same letters,
punctuation aside); otherwise the first declared title is used, without the
site and section names it ends with, whatever the separator.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from parsel import Selector

from crawler.extract.text import normalize, text_of

_SEPARATED_TAIL = re.compile(
    r"(\s*[|ㅣ｜·•:]\s*|\s+[-–—]\s+|[-–—]|\s*::\s*)([^|ㅣ｜·•:\-–—]{1,30})$"
)
_BAR = re.compile(r"^\s*[|ㅣ｜]\s*$")
_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text).lower()


def reconcile_title(
    selector: Selector, declared: list[str], url: str, names: list[str] = ()
) -> str:
    """The headline of the page: a matching ``<h1>``, or the first of *declared* cleaned.

    *declared* lists titles the page states (JSON-LD, ``og:title``,
    ``<title>``), best first; *names* are the site's and section's names.
    """
    known = {_letters(n) for n in [*names, *_host_names(url)] if _letters(n)}
    cleaned = [strip_names(normalize(t), known) for t in declared if normalize(t)]
    headings = [h for h in (text_of(s) for s in selector.css("h1")) if h]
    for heading in headings:
        key = _letters(heading)
        for title in cleaned:
            letters = _letters(title)
            if key and letters.startswith(key) and len(key) >= 0.6 * len(letters):
                return heading
    if cleaned:
        return cleaned[0]
    return headings[0] if headings else ""


def strip_names(title: str, known: set[str]) -> str:
    """*title* without the site, section or other names it ends with."""
    while True:
        match = _SEPARATED_TAIL.search(title)
        if match is None or match.start() < 5:
            return title
        separator, tail = match.groups()
        if _letters(tail) in known or (_BAR.match(separator) and len(tail.strip()) <= 20):
            title = title[: match.start()].rstrip()
            continue
        return title


def _host_names(url: str) -> list[str]:
    """``www.hankookilbo.com`` → ``hankookilbo``: the label a site's name often repeats."""
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "news")]
    return labels[:1]
