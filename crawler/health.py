"""Field coverage of a crawl, and how it compares with the site's earlier runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TRACKED_FIELDS = ("title", "body", "published_at", "authors", "section")
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


def coverage(stats: Mapping[str, Any]) -> dict[str, float] | None:
    """Share of parsed articles with each tracked field, or None when none were parsed."""
    parsed = int(stats.get("health/parsed", 0))
    if not parsed:
        return None
    return {f: int(stats.get(f"health/has/{f}", 0)) / parsed for f in TRACKED_FIELDS}


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
