"""Reporter bylines and wire-service markers in Korean news copy.

Korean articles credit reporters inside the text rather than in markup:
``베이징=김은정 특파원 kej@hankyung.com`` closes a story, ``[한경닷컴 홍길동
기자]`` or ``(서울=연합뉴스) 홍길동 기자 =`` opens one, and wire copy ends
with ``/연합뉴스``. These helpers take such lines out of a paragraph list and
return what they said as data, so that the body keeps the article text only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.items import Author

WIRE_SERVICES = ("연합뉴스", "뉴시스", "뉴스1")
"""Wire services whose copy other outlets republish."""

ROLES = (
    "선임기자|수석기자|전문기자|객원기자|인턴기자|사진기자|영상기자|기자|특파원|"
    "논설위원|편집위원|선임연구원|연구원|통신원|에디터"
)
_NAME = r"[가-힣]{2,5}"
_NAMES = rf"{_NAME}(?:\s*[·ㆍ,]\s*{_NAME})*"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_EMAILS = rf"{_EMAIL}(?:\s*[,/·]?\s*{_EMAIL})*"
_DATELINE = r"[가-힣A-Za-z]{1,12}"

_TRAILING = re.compile(
    rf"^(?:(?P<dateline>{_DATELINE})\s*=\s*)?(?P<names>{_NAMES})\s*(?P<role>{ROLES})"
    rf"(?:\s*(?P<emails>{_EMAILS}))?\s*$"
)
_BRACKETED = re.compile(
    rf"^[\[(]\s*(?:[^\]\s=]{{1,12}}\s+)?(?:(?P<dateline>{_DATELINE})\s*=\s*)?"
    rf"(?P<names>{_NAMES})\s*(?P<role>{ROLES})\s*[\])]\s*"
)
_EMAIL_ONLY = re.compile(rf"^(?P<emails>{_EMAILS})$")
_EACH_WITH_ROLE = re.compile(rf"^(?:{_NAME}\s*(?:{ROLES})\s*[,·ㆍ]?\s*){{2,}}$")
_NAME_WITH_ROLE = re.compile(rf"({_NAME})\s*(?:{ROLES})")
_WIRE_LEAD = re.compile(
    rf"^[\[(]\s*(?P<dateline>{_DATELINE})\s*=\s*(?P<wire>{'|'.join(WIRE_SERVICES)})\s*[\])]\s*"
    rf"(?:(?P<names>{_NAMES})\s*(?P<role>{ROLES})\s*=\s*)?"
)
_WIRE_TAIL = re.compile(rf"\s*/\s*(?P<wire>{'|'.join(WIRE_SERVICES)})\s*$")
_EMAIL_ANY = re.compile(_EMAIL)
_ROLE_SUFFIX = re.compile(rf"\s*(?:{ROLES})$")
_NAME_SPLIT = re.compile(r"\s*[·ㆍ,]\s*")


@dataclass
class Byline:
    """What a byline said: the reporters, the dateline and the wire service."""

    authors: list[Author] = field(default_factory=list)
    dateline: str | None = None
    origin: str | None = None

    def merge(self, other: Byline) -> Byline:
        """Combine two bylines of one article (:func:`merge_authors`)."""
        return Byline(
            authors=merge_authors(self.authors, other.authors, keep_nameless=True),
            dateline=self.dateline or other.dateline,
            origin=self.origin or other.origin,
        )


def _authors(names: str | None, emails: str | None) -> list[Author]:
    found = _EMAIL_ANY.findall(emails or "")
    out = []
    for i, name in enumerate(n for n in _NAME_SPLIT.split(names or "") if n):
        out.append(Author(name=name, email=found[i].lower() if i < len(found) else None))
    return out


def strip_role(name: str) -> str:
    """``세종=박경담 기자`` → ``박경담``: reporter boxes print a role, some a dateline."""
    return _ROLE_SUFFIX.sub("", name.rpartition("=")[2]).strip()


def parse_byline(line: str) -> Byline | None:
    """Parse a line that is a byline and nothing else, or return None."""
    match = _TRAILING.match(line)
    if match:
        return Byline(_authors(match["names"], match["emails"]), match["dateline"])
    match = _BRACKETED.match(line)
    if match and match.end() == len(line):
        return Byline(_authors(match["names"], None), match["dateline"])
    if _EACH_WITH_ROLE.match(line):
        return Byline([Author(name=n) for n in _NAME_WITH_ROLE.findall(line)])
    return None


def split_bylines(paragraphs: list[str]) -> tuple[list[str], Byline]:
    """Take bylines, wire markers and lone e-mail lines off both ends of *paragraphs*.

    Returns the remaining paragraphs and a :class:`Byline` with everything
    they said (empty when there was nothing).
    """
    paras = list(paragraphs)
    found = Byline()
    if paras:
        paras[0], lead = _strip_lead(paras[0])
        found = found.merge(lead)
    if paras:
        paras[-1], tail = _strip_wire_tail(paras[-1])
        found = found.merge(tail)
    while paras:
        last = paras[-1]
        if not last:
            paras.pop()
            continue
        byline = parse_byline(last)
        if byline is None:
            emails = _EMAIL_ONLY.match(last)
            if emails is None:
                last, tail = _strip_wire_tail(last)
                if tail.origin is None:
                    break
                paras[-1] = last
                found = found.merge(tail)
                continue
            byline = Byline([Author(name="", email=e.lower()) for e in _EMAIL_ANY.findall(last)])
        paras.pop()
        found = _attach_emails(found.merge(byline))
    # Composite stories (several reports under one headline) credit each part
    # on a line of its own in the middle of the text.
    kept = []
    for paragraph in paras:
        byline = parse_byline(paragraph) if paragraph else None
        if byline is None:
            kept.append(paragraph)
        else:
            found = found.merge(byline)
    return [p for p in kept if p], found


def _attach_emails(byline: Byline) -> Byline:
    """Give lone e-mail lines to the named reporters that have none."""
    nameless = [a for a in byline.authors if not a.name]
    named = [a for a in byline.authors if a.name]
    if not nameless:
        return byline
    missing = [a for a in named if not a.email]
    for author, email_only in zip(missing, nameless, strict=False):
        author.email = email_only.email
    leftover = nameless[len(missing) :] if named else nameless
    byline.authors = named + leftover
    return byline


def _strip_lead(paragraph: str) -> tuple[str, Byline]:
    match = _WIRE_LEAD.match(paragraph)
    if match:
        byline = Byline(_authors(match["names"], None), match["dateline"], match["wire"])
        return paragraph[match.end() :].strip(), byline
    match = _BRACKETED.match(paragraph)
    if match:
        return paragraph[match.end() :].strip(), Byline(
            _authors(match["names"], None), match["dateline"]
        )
    return paragraph, Byline()


def _strip_wire_tail(paragraph: str) -> tuple[str, Byline]:
    match = _WIRE_TAIL.search(paragraph)
    if match is None:
        return paragraph, Byline()
    return paragraph[: match.start()].rstrip(), Byline(origin=match["wire"])


def merge_authors(
    first: list[Author], second: list[Author], keep_nameless: bool = False
) -> list[Author]:
    """*first*'s authors, then *second*'s not among them; e-mails fill in authors of one name.

    The one rule for combining two lists of reporters: a reporter box and a
    text byline, or two bylines of one article. Nameless entries (an e-mail
    alone on a line) are kept with *keep_nameless*, to be attached later.
    """
    merged = [Author(name=a.name, email=a.email) for a in first]
    by_name = {a.name: a for a in merged if a.name}
    for author in second:
        if not author.name:
            if keep_nameless:
                merged.append(Author(name=author.name, email=author.email))
            continue
        known = by_name.get(author.name)
        if known is None:
            known = by_name[author.name] = Author(name=author.name, email=author.email)
            merged.append(known)
        elif not known.email:
            known.email = author.email
    return merged
