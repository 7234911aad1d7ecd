"""``scrapy report``: one self-contained HTML page about an archive and its crawls."""

from __future__ import annotations

from crawler.report.data import ReportData, collect
from crawler.report.page import render
from crawler.store import ArticleStore


def build_report(
    store: ArticleStore,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> tuple[str, ReportData]:
    """The report page for the SQLite archive open in *store*, and the numbers it shows."""
    data = collect(store.db, str(store.path), since, until, source)
    return render(data), data


__all__ = ["build_report"]
