"""The runs side of the report: what each crawl did, what is still going, field coverage.

Field coverage comes from the runs' own stats (``health/*``), counted before
validation drops anything, which is what ``scrapy crawlall`` compares to
raise its alarms: a layout change that leaves pages without a body shows
there even though no such article is stored.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.health import (
    DROP,
    EXITED_NONZERO_SQL,
    TRACKED_FIELDS,
    archive_stat,
    drops,
    exit_status,
    failure_reason,
    health_by_day,
)

RUNS_SHOWN = 30
COVERAGE_HISTORY = 5
"""Earlier days of a spider that a day's coverage is compared with, as crawlall compares
a run with the five before it."""


@dataclass
class DayCoverage:
    """Field coverage of one spider's runs started on one (UTC) day, pooled."""

    spider: str
    day: str
    runs: int
    parsed: int
    shares: dict[str, float]
    alarms: dict[str, str]
    """Field → ``"fail"`` (a core field) or ``"warn"``, by crawlall's rule."""
    thresholds: dict[str, float]
    """Field → the share below which this day raises its alarm (earlier mean − DROP)."""


@dataclass
class Run:
    id: int
    spider: str
    started_at: str
    finished_at: str | None
    seconds: float | None
    inserted: int
    updated: int
    unchanged: int
    errors: int
    botwall: int
    finish_reason: str | None
    exit_status: int | None
    reason: str | None
    failed: bool = False
    """Exited with a non-zero status, or never finished though a later run started."""


@dataclass
class Running:
    """A run with no end yet, the newest of its spider: going on, or killed.

    Its counts are those of its last committed batch (``heard_at``), and the
    progress figures those the crawl last worked out (``PROGRESS``).
    """

    id: int
    spider: str
    started_at: str
    heard_at: str | None
    stored: int
    inserted: int
    found: int | None
    left: int | None
    rate: float | None
    eta_seconds: int | None


_SUPERSEDED = (
    "EXISTS (SELECT 1 FROM runs AS later WHERE later.spider = r.spider AND later.id > r.id)"
)
"""A later run of the same spider started (for a runs row named ``r``): an unfinished run
so followed was killed; one not so followed may still be going."""


def run_filter(since: str | None, until: str | None, source: str | None) -> tuple[str, list[str]]:
    """Runs started in ``[since, until)`` (UTC days) of *source*'s spider."""
    clauses, params = ["1"], []
    if since:
        clauses.append("started_at >= ?")
        params.append(since)
    if until:
        clauses.append("started_at < ?")
        params.append(until)
    if source:
        clauses.append("spider = ?")
        params.append(source)
    return " AND ".join(clauses), params


def recent_runs(
    db: sqlite3.Connection, since: str | None, until: str | None, source: str | None
) -> tuple[list[Run], Run | None]:
    """The last :data:`RUNS_SHOWN` runs, oldest first, and the last one that failed.

    A run failed when its crawl exited with a non-zero status, or when it
    never finished although a later run of its spider started (it was
    killed); the newest unfinished run may still be going.
    """
    where, params = run_filter(since, until, source)
    columns = (
        "id, spider, started_at, finished_at, finish_reason, inserted, updated, unchanged, "
        "errors, stats"
    )
    recent = db.execute(
        f"SELECT {columns} FROM runs WHERE {where} ORDER BY id DESC LIMIT ?",
        [*params, RUNS_SHOWN],
    ).fetchall()
    failed = db.execute(
        f"SELECT {columns} FROM runs AS r WHERE {where} AND ({EXITED_NONZERO_SQL} "
        f"OR (finished_at IS NULL AND {_SUPERSEDED})) ORDER BY id DESC LIMIT 1",
        params,
    ).fetchone()
    runs = [_run(row) for row in reversed(recent)]
    newest = {r.spider: r.id for r in runs}
    for run in runs:
        run.failed = bool(run.exit_status) or (
            run.exit_status is None and newest[run.spider] != run.id
        )
    last = _run(failed) if failed else None
    if last is not None:
        last.failed = True
    return runs, last


def running_runs(db: sqlite3.Connection, source: str | None) -> list[Running]:
    """The newest run of each spider when it has not finished."""
    query = (
        "SELECT id, spider, started_at, items, inserted, stats FROM runs AS r "
        f"WHERE finished_at IS NULL AND NOT {_SUPERSEDED}"
    )
    params: list[str] = []
    if source:
        query += " AND spider = ?"
        params.append(source)
    found = []
    for run, spider, started, items, inserted, text in db.execute(query + " ORDER BY id", params):
        stats = json.loads(text) if text else {}
        found.append(
            Running(
                id=run,
                spider=spider,
                started_at=started,
                heard_at=archive_stat(stats, "progress_at"),
                stored=items,
                inserted=inserted,
                found=stats.get("progress/found"),
                left=stats.get("progress/left"),
                rate=stats.get("progress/rate"),
                eta_seconds=stats.get("progress/eta_seconds"),
            )
        )
    return found


def _run(row: sqlite3.Row | tuple[Any, ...]) -> Run:
    run_id, spider, started, finished, reason, inserted, updated, unchanged, errors, text = row
    stats = json.loads(text) if text else {}
    seconds = (
        (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
        if finished
        else None
    )
    return Run(
        id=run_id,
        spider=spider,
        started_at=started,
        finished_at=finished,
        seconds=seconds,
        inserted=inserted,
        updated=updated,
        unchanged=unchanged,
        errors=errors,
        botwall=_botwall_hits(stats),
        finish_reason=reason,
        exit_status=exit_status(stats) if finished else None,
        reason=failure_reason(stats, finished is not None),
    )


def _botwall_hits(stats: dict[str, Any]) -> int:
    """Bot-wall pages served, counted by kind (``botwall/cloudflare``), retries included."""
    return sum(
        int(value)
        for key, value in stats.items()
        if key.count("/") == 1 and key.startswith("botwall/") and key != "botwall/gave_up"
    )


def coverage_by_day(
    db: sqlite3.Connection, since: str | None, until: str | None, source: str | None
) -> list[DayCoverage]:
    """Each spider's field coverage per day, with crawlall's alarms against the days before.

    Runs are pooled by the day they started, so months of runs every few
    minutes make one point a day. The history is read from the first run
    on, so the first day of the window is compared with the days before it.
    """
    history: dict[str, list[dict[str, float]]] = defaultdict(list)
    found = []
    for spider, day, runs, parsed, has in health_by_day(db, spider=source, until=until):
        if not parsed:
            continue
        shares = {f: n / parsed for f, n in has.items()}
        earlier = history[spider][-COVERAGE_HISTORY:]
        alarms = {d.field: "fail" if d.core else "warn" for d in drops(shares, earlier)}
        thresholds = (
            {f: max(0.0, sum(e[f] for e in earlier) / len(earlier) - DROP) for f in TRACKED_FIELDS}
            if earlier
            else {}
        )
        history[spider].append(shares)
        if since and day < since[:10]:
            continue
        found.append(DayCoverage(spider, day, runs, int(parsed), shares, alarms, thresholds))
    return found
