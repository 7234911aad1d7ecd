"""Site-independent cleaning of an Article record (pure; the pipeline wraps it).

Steps, in order: normalise every text (NFC, stray spaces and control
characters, leftover HTML entities); drop furniture by the rules of
:mod:`crawler.extract.furniture`; take captions and subtitles that leaked
into the body back out; collapse repeated paragraphs and subtitles; take
bylines and wire markers out of the body into ``authors``, ``dateline`` and
``origin``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.byline import Byline, merge_authors, split_bylines
from crawler.extract.furniture import RULES, Rule, apply_rules
from crawler.extract.text import normalize
from crawler.items import Author

MIN_REPEAT_LENGTH = 20
"""Repeated paragraphs shorter than this are kept: a quoted one-word answer
("네.") may legitimately come twice in an interview."""
MAX_SUBTITLE_LENGTH = 80
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
_CREDIT = next(rule for rule in RULES if rule.name == "photo_credit")
_SENTENCE_END = re.compile(r"[.?!。…\"”'’)]$|다$")


@dataclass
class Cleaned:
    """What cleaning did, for the stats."""

    removed: Counter[str] = field(default_factory=Counter)
    moved: Counter[str] = field(default_factory=Counter)


def clean_text(text: str | None) -> str:
    """Normalise one piece of text, unescaping HTML entities a parser left behind."""
    if not text:
        return ""
    if _ENTITY.search(text):
        text = html.unescape(text)
    return normalize(text)


def clean_record(record: dict[str, Any], rules: Iterable[Rule] = RULES) -> Cleaned:
    """Clean *record* (an Article as a dict) in place and say what was done."""
    report = Cleaned()
    record["title"] = clean_text(record.get("title"))
    subtitles = [clean_text(s) for s in record.get("subtitles") or []]
    paragraphs = [clean_text(p) for p in (record.get("body") or "").split("\n\n")]
    report.removed["empty_paragraph"] += sum(1 for p in paragraphs if not p)
    paragraphs = [p for p in paragraphs if p]
    for image in record.get("images") or []:
        if image.get("caption") is not None:
            image["caption"] = clean_text(image["caption"]) or None

    if any(rule.name == "photo_credit" for rule in rules):
        paragraphs = _drop_credited_captions(paragraphs, report)
    paragraphs = apply_rules(paragraphs, rules, report.removed)
    paragraphs, subtitles = _promote_repeated_leads(paragraphs, subtitles, report)
    subtitles = _unique(subtitles, report, "repeated_subtitle", min_length=0)
    leaked = set(subtitles) | {
        image["caption"] for image in record.get("images") or [] if image.get("caption")
    }
    kept = [p for p in paragraphs if p not in leaked]
    report.removed["caption_or_subtitle"] += len(paragraphs) - len(kept)
    paragraphs = _unique(kept, report, "repeated_paragraph", min_length=MIN_REPEAT_LENGTH)

    paragraphs, byline = split_bylines(paragraphs)
    if byline.authors or byline.dateline or byline.origin:
        report.removed["byline"] += 1
    _merge_byline(record, byline)

    record["subtitles"] = subtitles
    record["body"] = "\n\n".join(paragraphs)
    for key in ("section", "dateline", "origin"):
        if record.get(key):
            record[key] = clean_text(record[key]) or None
    record["keywords"] = _unique(
        [clean_text(k) for k in record.get("keywords") or [] if clean_text(k)],
        report,
        "repeated_keyword",
        min_length=0,
    )
    return report


def _drop_credited_captions(paragraphs: list[str], report: Cleaned) -> list[str]:
    """A short line right above a photo-credit line (``[출처: 연합뉴스]``) is a caption."""
    out: list[str] = []
    for paragraph in paragraphs:
        credit_only = _CREDIT.may_match(paragraph) and not (
            _CREDIT.pattern.sub("", paragraph).strip()
        )
        if (
            credit_only
            and out
            and len(out[-1]) <= MAX_SUBTITLE_LENGTH
            and not _SENTENCE_END.search(out[-1])
        ):
            out.pop()
            report.removed["caption"] += 1
        out.append(paragraph)
    return out


def _unique(items: list[str], report: Cleaned, name: str, min_length: int) -> list[str]:
    """Keep the first occurrence of each item at least *min_length* long."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item in seen and len(item) >= min_length:
            report.removed[name] += 1
            continue
        seen.add(item)
        out.append(item)
    return out


def _promote_repeated_leads(
    paragraphs: list[str], subtitles: list[str], report: Cleaned
) -> tuple[list[str], list[str]]:
    """Short headline-like lines that open the body and come again are subtitles.

    A naive extraction of a page repeats the subtitle block (header and
    summary box) at the top of the text. Lines there that are short, do not
    end like a sentence, and occur more than once are moved to ``subtitles``.
    """
    counts = Counter(paragraphs)
    lead = []
    for paragraph in paragraphs:
        if len(paragraph) > MAX_SUBTITLE_LENGTH or _SENTENCE_END.search(paragraph):
            break
        lead.append(paragraph)
    promoted = [p for p in lead if counts[p] > 1]
    if not promoted:
        return paragraphs, subtitles
    report.moved["subtitle"] += len(set(promoted))
    promoted_set = set(promoted)
    return [p for p in paragraphs if p not in promoted_set], subtitles + promoted


def _merge_byline(record: dict[str, Any], byline: Byline) -> None:
    page = [
        Author(name=a.get("name") or "", email=a.get("email")) for a in record.get("authors") or []
    ]
    authors = [
        {"name": clean_text(a.name), "email": a.email} for a in merge_authors(page, byline.authors)
    ]
    record["authors"] = [a for a in authors if a["name"]]
    record["dateline"] = record.get("dateline") or byline.dateline
    record["origin"] = record.get("origin") or byline.origin
