"""Field coverage of a crawl, how it compares with the site's earlier runs, and how a run ended."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

TRACKED_FIELDS = ("title", "body", "published_at", "authors", "section")
"""Fields whose coverage ``scrapy crawlall`` watches for drops."""
REPORTED_FIELDS = (*TRACKED_FIELDS, "images")
"""Fields counted in every crawl's stats and shown by ``scrapy report``: photos vary
too much from one article to the next for an alarm, but a parser that stops
finding any shows in the report."""
CORE_FIELDS = frozenset({"title", "body", "published_at"})
"""A drop in one of these makes a scheduled crawl fail, not just warn."""
DROP = 0.3
"""A share lower than the earlier runs' by more than this is a drop (95 % → 60 %)."""


@dataclass(frozen=True)
class CoverageDrop:
    field: str
    before: float
    now: float

    @property
    def core(self) -> bool:
        return self.field in CORE_FIELDS


def coverage(
    stats: Mapping[str, Any], fields: Iterable[str] = TRACKED_FIELDS
) -> dict[str, float] | None:
    """Share of parsed articles with each of *fields*, or None when none were parsed."""
    parsed = int(stats.get("health/parsed", 0))
    if not parsed:
        return None
    return {f: int(stats.get(f"health/has/{f}", 0)) / parsed for f in fields}


def drops(now: Mapping[str, float], earlier: Iterable[Mapping[str, float]]) -> list[CoverageDrop]:
    """Fields whose share fell by more than :data:`DROP` below the earlier runs' mean."""
    history = [e for e in earlier if e]
    if not history:
        return []
    found = []
    for field in TRACKED_FIELDS:
        before = sum(e.get(field, 0.0) for e in history) / len(history)
        if before - now.get(field, 0.0) > DROP:
            found.append(CoverageDrop(field, before, now.get(field, 0.0)))
    return found


REFUSED = 2
"""Exit status of a crawl that could not write its archive at all."""
UNSTORED = 1
"""Exit status of a crawl that could not store some articles (they were saved aside)."""

_FINISH_REASONS = {
    "shutdown": "stopped by a signal (Ctrl-C, kill or a shutdown) before it was done",
    "archive_busy": "another crawl was emptying the archive (-O) as this one opened it",
    "closespider_errorcount": "stopped after too many errors (CLOSESPIDER_ERRORCOUNT)",
    "closespider_timeout": "stopped at its time limit (CLOSESPIDER_TIMEOUT)",
}


def archive_stat(stats: Mapping[str, Any], name: str) -> Any:
    """The store pipeline's stat *name* (``archive/<name>``); runs recorded before it
    existed counted the same under ``sqlite/<name>``."""
    return stats.get(f"archive/{name}", stats.get(f"sqlite/{name}"))


def _archive_stat_sql(name: str) -> str:
    return (
        f"coalesce(json_extract(stats, '$.\"archive/{name}\"'), "
        f"json_extract(stats, '$.\"sqlite/{name}\"'), 0)"
    )


def exit_status(stats: Mapping[str, Any]) -> int:
    """The status ``scrapy crawl`` exits with after a crawl that ended with *stats*."""
    if stats.get("finish_reason") == "archive_busy":
        return REFUSED
    if archive_stat(stats, "unsaved") or archive_stat(stats, "lost"):
        return UNSTORED
    return 0


EXITED_NONZERO_SQL = (
    f"(finish_reason = 'archive_busy' OR {_archive_stat_sql('unsaved')} > 0 "
    f"OR {_archive_stat_sql('lost')} > 0)"
)
""":func:`exit_status`'s rule as a condition on a ``runs`` row: true for a run whose crawl
exited non-zero. Kept beside it so that the two say the same."""


class DayHealth(NamedTuple):
    """A spider's finished runs of one (UTC) day, pooled: pages parsed, pages with each field."""

    spider: str
    day: str
    runs: int
    parsed: int
    has: dict[str, int]


def health_by_day(
    db: sqlite3.Connection,
    spider: str | None = None,
    day: str | None = None,
    until: str | None = None,
) -> list[DayHealth]:
    """The ``health/*`` counts of the finished runs in the archive on *db*, per spider and
    day, oldest first; only *spider*'s, only *day*'s or only those started before *until*."""
    clauses, params = ["finished_at IS NOT NULL"], []
    for clause, value in (
        ("spider = ?", spider),
        ("substr(started_at, 1, 10) = ?", day),
        ("started_at < ?", until),
    ):
        if value:
            clauses.append(clause)
            params.append(value)
    counted = ", ".join(
        f"sum(coalesce(json_extract(stats, '$.\"health/has/{f}\"'), 0))" for f in REPORTED_FIELDS
    )
    rows = db.execute(
        "SELECT spider, substr(started_at, 1, 10) AS day, count(*), "
        f"sum(coalesce(json_extract(stats, '$.\"health/parsed\"'), 0)), {counted} "
        f"FROM runs WHERE {' AND '.join(clauses)} GROUP BY spider, day ORDER BY spider, day",
        params,
    )
    return [
        DayHealth(name, when, runs, int(parsed), dict(zip(REPORTED_FIELDS, has, strict=True)))
        for name, when, runs, parsed, *has in rows
    ]


def failure_reason(stats: Mapping[str, Any], finished: bool = True) -> str | None:
    """What went wrong in a run, in words, or None when nothing did."""
    if not finished:
        return "never finished: the process was killed or crashed before closing the archive"
    unsaved = int(archive_stat(stats, "unsaved") or 0)
    if unsaved:
        return f"{unsaved} articles could not be stored and were saved beside the archive"
    reason = stats.get("finish_reason")
    if reason in _FINISH_REASONS:
        return _FINISH_REASONS[reason]
    if reason and reason != "finished":
        return f"ended early: {reason}"
    if stats.get("botwall/gave_up"):
        return "the site kept serving a bot-wall page; the crawl gave up on it"
    errors = int(stats.get("log_count/ERROR", 0) or 0)
    if errors:
        return f"{errors} errors logged"
    return None
