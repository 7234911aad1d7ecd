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

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from crawler.extract.byline import WIRE_SERVICES
from crawler.health import (
    DROP,
    REPORTED_FIELDS,
    TRACKED_FIELDS,
    drops,
    exit_status,
    failure_reason,
)

MAX_DAILY_BUCKETS = 120
"""Longer windows are counted by week, and by month beyond ~2 years of weeks."""
MAX_WEEKLY_BUCKETS = 104
RUNS_SHOWN = 30
COVERAGE_HISTORY = 5
"""Earlier days of a spider that a day's coverage is compared with, as crawlall compares
a run with the five before it."""
WIRE_STORIES_SHOWN = 10
BODY_LENGTH_EDGES = (0, 200, 500, 1000, 1500, 2000, 3000, 5000)
"""Lower edges of the body-length bins, in characters."""


@dataclass(frozen=True)
class Window:
    """The KST days a report covers, both ends included."""

    first: date
    last: date

    @property
    def unit(self) -> str:
        days = (self.last - self.first).days + 1
        if days <= MAX_DAILY_BUCKETS:
            return "day"
        return "week" if days <= MAX_WEEKLY_BUCKETS * 7 else "month"

    def bucket(self, day: date) -> date:
        """The first day of the bucket *day* is counted in."""
        if self.unit == "day":
            return day
        if self.unit == "week":
            return day - timedelta(days=day.weekday())
        return day.replace(day=1)

    def buckets(self) -> list[date]:
        found: list[date] = []
        day = self.first
        while day <= self.last:
            start = self.bucket(day)
            if not found or found[-1] != start:
                found.append(start)
            day += timedelta(days=1)
        return found


@dataclass
class Volume:
    """Articles per site per bucket of the window, and the empty buckets of each site."""

    window: Window
    buckets: list[date]
    counts: dict[str, list[int]]
    undated: dict[str, int]
    silent: dict[str, list[date]] = field(default_factory=dict)


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


@dataclass
class Duplicates:
    source: str
    articles: int
    exact: int
    near: int


@dataclass
class WireStory:
    url: str
    title: str
    source: str
    wire: str | None
    copies: int
    outlets: list[str]


@dataclass
class ReportData:
    archive: str
    generated_at: str
    sources: list[str]
    total: int
    volume: Volume
    coverage: list[DayCoverage]
    runs: list[Run]
    running: list[Running]
    duplicates: list[Duplicates]
    wire_stories: list[WireStory]
    body_lengths: dict[str, list[int]]
    last_failure: Run | None

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
    sources = [source] if source else _sources(db)
    window = _window(db, since, until, source)
    where, params = _article_filter(window, source)
    total = db.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0]
    runs, last_failure = _runs(db, since, until, source)
    return ReportData(
        archive=archive,
        generated_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        sources=sources,
        total=total,
        volume=_volume(db, window, sources, source),
        coverage=_coverage(db, since, until, source),
        runs=runs,
        running=_running(db, source),
        duplicates=_duplicates(db, where, params),
        wire_stories=_wire_stories(db, where, params),
        body_lengths=_body_lengths(db, where, params, sources),
        last_failure=last_failure,
    )


def _sources(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]


def _window(
    db: sqlite3.Connection, since: str | None, until: str | None, source: str | None
) -> Window:
    if until:
        last = date.fromisoformat(until[:10]) - timedelta(days=1)
    else:
        query = "SELECT max(substr(published_at, 1, 10)) FROM articles"
        params: list[str] = []
        if source:
            query += " WHERE source = ?"
            params.append(source)
        newest = db.execute(query, params).fetchone()[0]
        last = date.fromisoformat(newest) if newest else date.today()
    first = date.fromisoformat(since[:10]) if since else last - timedelta(MAX_DAILY_BUCKETS - 1)
    if first > last:
        first = last
    return Window(first, last)


def _article_filter(window: Window, source: str | None) -> tuple[str, list[str]]:
    """Articles published in the window, or with no date at all (they are counted apart)."""
    where = "(published_at IS NULL OR substr(published_at, 1, 10) BETWEEN ? AND ?)"
    params = [window.first.isoformat(), window.last.isoformat()]
    if source:
        where += " AND source = ?"
        params.append(source)
    return where, params


def _volume(
    db: sqlite3.Connection, window: Window, sources: list[str], source: str | None
) -> Volume:
    buckets = window.buckets()
    position = {b: i for i, b in enumerate(buckets)}
    counts = {s: [0] * len(buckets) for s in sources}
    undated = dict.fromkeys(sources, 0)
    where, params = _article_filter(window, source)
    rows = db.execute(
        f"SELECT source, substr(published_at, 1, 10), count(*) FROM articles WHERE {where} "
        "GROUP BY 1, 2",
        params,
    )
    for site, day, count in rows:
        if day is None:
            undated[site] = undated.get(site, 0) + count
            continue
        counts.setdefault(site, [0] * len(buckets))[
            position[window.bucket(date.fromisoformat(day))]
        ] += count
    silent = {site: _silent(buckets, row) for site, row in counts.items() if any(row)}
    return Volume(window, buckets, counts, undated, silent)


def _silent(buckets: list[date], counts: list[int]) -> list[date]:
    """The buckets with no article after a site's first one in the window.

    Empty buckets before it are the time before the site was crawled; those
    after it, the last ones above all, are a site that stopped delivering.
    """
    first = next(i for i, n in enumerate(counts) if n)
    return [buckets[i] for i in range(first, len(counts)) if counts[i] == 0]


def _run_filter(since: str | None, until: str | None, source: str | None) -> tuple[str, list[str]]:
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


def _runs(
    db: sqlite3.Connection, since: str | None, until: str | None, source: str | None
) -> tuple[list[Run], Run | None]:
    """The last :data:`RUNS_SHOWN` runs, oldest first, and the last one that failed.

    A run failed when its crawl exited with a non-zero status, or when it
    never finished although a later run of its spider started (it was
    killed); the newest unfinished run may still be going.
    """
    where, params = _run_filter(since, until, source)
    columns = (
        "id, spider, started_at, finished_at, finish_reason, inserted, updated, unchanged, "
        "errors, stats"
    )
    recent = db.execute(
        f"SELECT {columns} FROM runs WHERE {where} ORDER BY id DESC LIMIT ?",
        [*params, RUNS_SHOWN],
    ).fetchall()
    failed = db.execute(
        f"SELECT {columns} FROM runs AS r WHERE {where} AND ("
        "finish_reason = 'archive_busy' "
        "OR coalesce(json_extract(stats, '$.\"sqlite/unsaved\"'), 0) > 0 "
        "OR coalesce(json_extract(stats, '$.\"sqlite/lost\"'), 0) > 0 "
        "OR (finished_at IS NULL AND EXISTS "
        "(SELECT 1 FROM runs AS later WHERE later.spider = r.spider AND later.id > r.id))"
        ") ORDER BY id DESC LIMIT 1",
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


def _running(db: sqlite3.Connection, source: str | None) -> list[Running]:
    """The newest run of each spider when it has not finished."""
    query = (
        "SELECT id, spider, started_at, items, inserted, stats FROM runs AS r "
        "WHERE finished_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM runs AS later WHERE later.spider = r.spider AND later.id > r.id)"
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
                heard_at=stats.get("sqlite/progress_at"),
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


def _coverage(
    db: sqlite3.Connection, since: str | None, until: str | None, source: str | None
) -> list[DayCoverage]:
    """Each spider's field coverage per day, with crawlall's alarms against the days before.

    Runs are pooled by the day they started, so months of runs every few
    minutes make one point a day. The history is read from the first run
    on, so the first day of the window is compared with the days before it.
    """
    where, params = _run_filter(None, until, source)
    counted = ", ".join(
        f"sum(coalesce(json_extract(stats, '$.\"health/has/{f}\"'), 0))" for f in REPORTED_FIELDS
    )
    rows = db.execute(
        "SELECT spider, substr(started_at, 1, 10) AS day, count(*), "
        f"sum(coalesce(json_extract(stats, '$.\"health/parsed\"'), 0)), {counted} "
        f"FROM runs WHERE finished_at IS NOT NULL AND {where} "
        "GROUP BY spider, day ORDER BY spider, day",
        params,
    )
    history: dict[str, list[dict[str, float]]] = defaultdict(list)
    found = []
    for spider, day, runs, parsed, *has in rows:
        if not parsed:
            continue
        shares = {f: n / parsed for f, n in zip(REPORTED_FIELDS, has, strict=True)}
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


def _duplicates(db: sqlite3.Connection, where: str, params: list[str]) -> list[Duplicates]:
    """Per site: articles, and those marked as the same body (exact) or nearly (near) as another."""
    rows = db.execute(
        "SELECT a.source, count(*), "
        "sum(a.duplicate_of IS NOT NULL AND o.body = a.body), "
        "sum(a.duplicate_of IS NOT NULL AND (o.body IS NULL OR o.body <> a.body)) "
        f"FROM (SELECT * FROM articles WHERE {where}) a "
        "LEFT JOIN articles o ON o.url = a.duplicate_of GROUP BY a.source ORDER BY a.source",
        params,
    )
    return [Duplicates(s, n, int(exact or 0), int(near or 0)) for s, n, exact, near in rows]


def _wire_stories(db: sqlite3.Connection, where: str, params: list[str]) -> list[WireStory]:
    """Originals with the most republications, wire copy (연합뉴스, 뉴시스, 뉴스1) first."""
    rows = db.execute(
        "SELECT d.duplicate_of, o.title, o.source, o.origin, count(*), "
        "group_concat(DISTINCT d.source) "
        f"FROM (SELECT * FROM articles WHERE {where} AND duplicate_of IS NOT NULL) d "
        "LEFT JOIN articles o ON o.url = d.duplicate_of "
        "GROUP BY d.duplicate_of",
        params,
    ).fetchall()
    stories = [
        WireStory(
            url=url,
            title=title or "",
            source=site or "",
            wire=origin if origin in WIRE_SERVICES else None,
            copies=copies,
            outlets=sorted(set((outlets or "").split(",")) | ({site} if site else set())),
        )
        for url, title, site, origin, copies, outlets in rows
    ]
    stories.sort(key=lambda s: (s.wire is None, -len(s.outlets), -s.copies, s.url))
    return stories[:WIRE_STORIES_SHOWN]


def _body_lengths(
    db: sqlite3.Connection, where: str, params: list[str], sources: list[str]
) -> dict[str, list[int]]:
    """Per site, how many bodies fall in each bin of :data:`BODY_LENGTH_EDGES`."""
    cases = " ".join(
        f"WHEN length(body) >= {edge} THEN {i}"
        for i, edge in reversed(list(enumerate(BODY_LENGTH_EDGES)))
    )
    found = {s: [0] * len(BODY_LENGTH_EDGES) for s in sources}
    rows = db.execute(
        f"SELECT source, CASE {cases} END, count(*) FROM articles WHERE {where} GROUP BY 1, 2",
        params,
    )
    for site, position, count in rows:
        found.setdefault(site, [0] * len(BODY_LENGTH_EDGES))[position] = count
    return found
