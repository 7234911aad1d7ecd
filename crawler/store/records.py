"""Article records as archive rows: columns, the content hash, and what a write did.

Shared by the SQLite and the PostgreSQL archive, so that both store a record
the same way and answer the same questions of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crawler.extract.dates import utc_now_iso
from crawler.items import ARTICLE_FIELD_NAMES

ARTICLE_FIELDS = ARTICLE_FIELD_NAMES
"""Article record fields, in record order; lists and objects are stored as JSON."""
JSON_FIELDS = frozenset({"subtitles", "authors", "keywords", "images"})


def is_later(update: str | None, stored: str | None) -> bool:
    """True when *update* is a later time than *stored*; no *stored* time is earlier than any.

    Both are ISO 8601 with the same offset (+09:00), so they compare as text.
    """
    return update is not None and (stored is None or update > stored)


def is_changed(
    digest: str, modified: str | None, stored_digest: str, stored_modified: str | None
) -> bool:
    """The one rule of "is this a new version of a stored article?": for the store and dedupe.

    A new version has another content hash (title, subtitles, body), or the
    same content with a later ``modified_at`` (a correction of a date or a
    byline the hash does not see).
    """
    return digest != stored_digest or is_later(modified, stored_modified)


@dataclass
class PendingRecord:
    """A record about to be written, with its row form, key and content hash."""

    record: Mapping[str, Any]
    row: dict[str, Any]
    key: tuple[str, str]
    digest: str

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> PendingRecord:
        row = to_row(record)
        return cls(record, row, (row["source"], row["article_id"]), content_hash(record))

    def changes(self, stored: Mapping[str, Any]) -> bool:
        """True when this version differs from the stored one or is a later update."""
        return is_changed(
            self.digest, self.row["modified_at"], stored["content_hash"], stored["modified_at"]
        )


@dataclass
class WriteCounts:
    """What a batch did to the archive."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


def run_values(counts: WriteCounts, stats: Mapping[str, Any], reason: str | None) -> tuple:
    """The ``runs`` columns a finished run sets, from ``finished_at`` to ``stats``."""
    return (utc_now_iso(), reason, *progress_values(counts, stats))


def progress_values(counts: WriteCounts, stats: Mapping[str, Any]) -> tuple:
    """The ``runs`` columns from ``items`` to ``stats``, which a run also sets as it goes."""
    return (
        counts.inserted + counts.updated + counts.unchanged,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        int(stats.get("log_count/ERROR", 0)),
        json.dumps(stats, ensure_ascii=False, default=str, sort_keys=True),
    )


def content_hash(record: Mapping[str, Any]) -> str:
    """Hash of what makes two versions of an article differ: title, subtitles, body."""
    payload = json.dumps(
        [record.get("title") or "", record.get("subtitles") or [], record.get("body") or ""],
        ensure_ascii=False,
    )
    return hashlib.sha1(payload.encode("utf-8")).hexdigest()


def to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    row = {}
    for name in ARTICLE_FIELDS:
        value = record.get(name)
        if name in JSON_FIELDS:
            value = json.dumps(value or [], ensure_ascii=False)
        row[name] = value
    if not row["article_id"]:
        row["article_id"] = row["url"]
    return row


def to_record(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: json.loads(row[name]) if name in JSON_FIELDS else row[name] for name in ARTICLE_FIELDS
    }


def filters(
    source: str | None, since: str | None, until: str | None, prefix: str = ""
) -> tuple[list[str], list[Any]]:
    """Conditions on site and publication time, and their parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if source:
        clauses.append(f"{prefix}source = ?")
        params.append(source)
    if since:
        clauses.append(f"{prefix}published_at >= ?")
        params.append(since)
    if until:
        clauses.append(f"{prefix}published_at < ?")
        params.append(until)
    return clauses, params


def escape_glob(term: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in term)


def search_hit(row: Mapping[str, Any], term: str) -> dict[str, Any]:
    """A search result of either archive: the article's key, URL, title, date and a snippet."""
    return {
        "source": row["source"],
        "article_id": row["article_id"],
        "url": row["url"],
        "title": row["title"],
        "published_at": row["published_at"],
        "snippet": snippet(row["body"], term),
    }


def snippet(body: str, term: str, width: int = 60) -> str:
    """A line of *body* around the first occurrence of *term*."""
    at = body.find(term)
    start = max(0, at - width) if at >= 0 else 0
    end = at + len(term) + width if at >= 0 else width * 2
    text = body[start:end].replace("\n\n", " ").replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
