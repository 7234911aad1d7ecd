"""Dates as Korean news pages print them, turned into KST datetimes.

Every timestamp in the Article record is ISO 8601 with the +09:00 offset.
Pages give times with an explicit offset (meta tags, JSON-LD, RSS), as bare
local times (``2024.01.29 15:35``, ``2025-06-04 02:37:08``) or with 오전/오후
(``2026-04-20 오후 10:16:27``). Bare times are KST: every outlet here is in
Seoul. The common shapes are parsed with regular expressions; dateparser is
the fallback for anything else.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import dateparser

KST = timezone(timedelta(hours=9), "KST")

_NUMERIC = re.compile(
    r"(?P<y>\d{4})\s*[.\-/년]\s*(?P<m>\d{1,2})\s*[.\-/월]\s*(?P<d>\d{1,2})\s*[.일]?"
    r"(?:\s*\([월화수목금토일]\))?"
    r"(?:[\sT]*(?P<ampm>오전|오후|AM|PM|am|pm)?\s*"
    r"(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{2})(?:\s*[:분]\s*(?P<S>\d{2})(?:\.\d+)?)?\s*초?"
    r"\s*(?P<tz>Z|[+\-]\d{2}:?\d{2})?)?"
)
_RFC822 = re.compile(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s")
_DATEPARSER_SETTINGS = {
    "TIMEZONE": "Asia/Seoul",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DAY_OF_MONTH": "first",
}


def parse_datetime(text: str | None) -> datetime | None:
    """Parse *text* into an aware datetime in KST, or None when it holds no date."""
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    if _RFC822.match(text):
        try:
            return _to_kst(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            pass
    match = _NUMERIC.search(text)
    if match:
        parsed = _from_match(match)
        if parsed is not None:
            return parsed
    found = dateparser.parse(text, languages=["ko", "en"], settings=_DATEPARSER_SETTINGS)
    return _to_kst(found) if found else None


def _from_match(match: re.Match[str]) -> datetime | None:
    hour = int(match["H"]) if match["H"] else 0
    ampm = (match["ampm"] or "").lower()
    if ampm in ("오후", "pm") and hour < 12:
        hour += 12
    elif ampm in ("오전", "am") and hour == 12:
        hour = 0
    tz = KST
    if match["tz"]:
        tz = _offset(match["tz"])
    try:
        value = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            hour,
            int(match["M"] or 0),
            int(match["S"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return value.astimezone(KST)


def _offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _to_kst(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=KST)
    return value.astimezone(KST)


def to_iso(value: datetime | None) -> str | None:
    """ISO 8601 text of *value* in KST (``2024-01-29T15:35:05+09:00``)."""
    if value is None:
        return None
    return value.astimezone(KST).isoformat(timespec="seconds")


def iso_kst(text: str | None) -> str | None:
    """Parse *text* and return it as ISO 8601 KST text, or None."""
    return to_iso(parse_datetime(text))


def utc_now_iso() -> str:
    """The current time, ISO 8601 in UTC, for ``fetched_at``."""
    return datetime.now(UTC).isoformat(timespec="seconds")
