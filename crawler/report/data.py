"""What ``scrapy report`` shows, read from a SQLite archive with plain SQL.

Every number here is one query over ``articles`` or ``runs``, so a test can
check it against its own SQL. Articles are counted by the KST day of
``published_at`` (the first ten characters of its ISO text, which carries
the +09:00 offset); field coverage comes from the runs' own stats
(``health/*``), counted before validation drops anything, which is what
``scrapy crawlall`` compares to raise its alarms: a layout change that
leaves pages without a body shows there even though no such article is
stored.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.report.articles import (
    BODY_LENGTH_EDGES,
    Duplicates,
    Volume,
    WireStory,
    article_filter,
    body_lengths,
    duplicates,
    sources_of,
    volume_of,
    window_of,
    wire_stories,
)
from crawler.report.runs import (
    DayCoverage,
    Run,
    Running,
    coverage_by_day,
    recent_runs,
    running_runs,
)


@dataclass
class ReportData:
    archive: str
    generated_at: str
    sources: list[str]
    volume: Volume
    coverage: list[DayCoverage]
    runs: list[Run]
    running: list[Running]
    duplicates: list[Duplicates]
    wire_stories: list[WireStory]
    body_lengths: dict[str, list[int]]
    last_failure: Run | None

    @property
    def total(self) -> int:
        return self.volume.total

    def as_json(self) -> dict[str, Any]:
        """The numbers behind the page, embedded in it for scripts and tests."""
        return {
            "archive": self.archive,
            "total": self.total,
            "unit": self.volume.window.unit,
            "window": [self.volume.window.first.isoformat(), self.volume.window.last.isoformat()],
            "buckets": [b.isoformat() for b in self.volume.buckets],
            "volume": self.volume.counts,
            "undated": self.volume.undated,
            "silent": {s: [d.isoformat() for d in days] for s, days in self.volume.silent.items()},
            "coverage": [vars(c) for c in self.coverage],
            "runs": [vars(r) for r in self.runs],
            "running": [vars(r) for r in self.running],
            "duplicates": [vars(d) for d in self.duplicates],
            "wire_stories": [vars(w) for w in self.wire_stories],
            "body_length_edges": list(BODY_LENGTH_EDGES),
            "body_lengths": self.body_lengths,
        }


def collect(
    db: sqlite3.Connection,
    archive: str,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> ReportData:
    """Everything the report shows, from the archive open on *db*.

    *since* and *until* (``YYYY-MM-DD``; *until* excluded, as in ``scrapy
    export``) bound the publication days of the articles counted and, when
    given, the start days of the runs shown; without *since* the window is
    the :data:`MAX_DAILY_BUCKETS` days up to the newest article.
    """
    sources = [source] if source else sources_of(db)
    window = window_of(db, since, until, source)
    where, params = article_filter(window, source)
    runs, last_failure = recent_runs(db, since, until, source)
    return ReportData(
        archive=archive,
        generated_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        sources=sources,
        volume=volume_of(db, window, where, params, sources),
        coverage=coverage_by_day(db, since, until, source),
        runs=runs,
        running=running_runs(db, source),
        duplicates=duplicates(db, where, params),
        wire_stories=wire_stories(db, where, params),
        body_lengths=body_lengths(db, where, params, sources),
        last_failure=last_failure,
    )
