"""The articles side of the report: counts per site and day, duplicates, body lengths.

Articles are counted by the KST day of ``published_at``: the first ten
characters of its ISO text, which carries the +09:00 offset.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from crawler.extract.byline import WIRE_SERVICES

MAX_DAILY_BUCKETS = 120
"""Longer windows are counted by week, and by month beyond ~2 years of weeks."""
MAX_WEEKLY_BUCKETS = 104
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

    @property
    def total(self) -> int:
        """Every article counted: dated in the window, or undated."""
        return sum(map(sum, self.counts.values())) + sum(self.undated.values())


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


def sources_of(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]


def window_of(
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


def article_filter(window: Window, source: str | None) -> tuple[str, list[str]]:
    """Articles published in the window, or with no date at all (they are counted apart)."""
    where = "(published_at IS NULL OR substr(published_at, 1, 10) BETWEEN ? AND ?)"
    params = [window.first.isoformat(), window.last.isoformat()]
    if source:
        where += " AND source = ?"
        params.append(source)
    return where, params


def volume_of(
    db: sqlite3.Connection, window: Window, where: str, params: list[str], sources: list[str]
) -> Volume:
    """Articles per site per bucket of *window*, of those *where* selects."""
    buckets = window.buckets()
    position = {b: i for i, b in enumerate(buckets)}
    counts = {s: [0] * len(buckets) for s in sources}
    undated = dict.fromkeys(sources, 0)
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


def duplicates(db: sqlite3.Connection, where: str, params: list[str]) -> list[Duplicates]:
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


def wire_stories(db: sqlite3.Connection, where: str, params: list[str]) -> list[WireStory]:
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


def body_lengths(
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
