"""The report as one self-contained HTML page: inline CSS and SVG, no script, no request.

It answers three questions at the top, in this order: is every site still
delivering, what did the last runs do (and why did the last failure fail),
and what the archive holds; the charts and tables below give the detail.
The numbers behind it are embedded as JSON (``<script type=application/json
id=report-data>``), which no browser runs.
"""

from __future__ import annotations

import json
from datetime import timedelta
from html import escape

from crawler.report import charts
from crawler.report.data import ReportData
from crawler.report.runs import Run

_CSS = """
:root { color-scheme: light; --muted: #666; --bad: #b3261e; --warn: #9a5b00; --ok: #1e7b34; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo",
       "Malgun Gothic", sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
main { max-width: 980px; margin: 0 auto; padding: 12px 16px 48px; }
h1 { font-size: 1.45rem; margin: 8px 0 2px; }
h2 { font-size: 1.15rem; margin: 32px 0 6px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.meta, figcaption, .note { color: var(--muted); font-size: 0.85rem; }
figure { margin: 8px 0 12px; background: #fff; border: 1px solid #e3e3e3; border-radius: 6px;
         padding: 6px; overflow-x: auto; }
/* On a phone a chart keeps a legible width and scrolls sideways in its frame. */
svg.chart { width: 100%; min-width: 560px; height: auto; display: block; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; background: #fff; }
th, td { padding: 4px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td .text { white-space: normal; min-width: 11em; text-align: left; }
.status-0 { color: var(--ok); } .status-1, .status-2, .status-none { color: var(--bad); }
.alert, .fine { border-left: 4px solid var(--bad); background: #fff4f3; padding: 8px 12px;
                margin: 12px 0; }
.fine { border-color: var(--ok); background: #f1f9f2; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; }
.card { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 10px; }
.card b { font-size: 1.3rem; display: block; }
"""


def render(data: ReportData) -> str:
    """The whole page for *data*."""
    palette = charts.colors(data.sources)
    sections = [
        _header(data),
        _sites(data, palette),
        _runs(data),
        _coverage(data),
        _duplicates(data),
        _lengths(data, palette),
    ]
    payload = json.dumps(data.as_json(), ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Crawl report 크롤링 보고서 — {escape(data.archive)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(sections)
        + f'\n<script type="application/json" id="report-data">{payload}</script>\n'
        "</main>\n</body>\n</html>\n"
    )


def _header(data: ReportData) -> str:
    window = data.volume.window
    failure = data.last_failure
    if failure is None:
        status = '<p class="fine">No run in this report failed. 실패한 실행 없음.</p>'
    else:
        status = (
            '<p class="alert" id="last-failure"><b>Last failure 마지막 실패</b>: '
            f"run #{failure.id} "
            f"({escape(failure.spider)}, {escape(failure.started_at)}) — "
            f"{escape(failure.reason or 'exit status ' + str(failure.exit_status))}</p>"
        )
    cards = [
        ("articles 기사", f"{data.total:,}"),
        ("sites 사이트", str(len(data.sources))),
        ("runs 실행", str(len(data.runs))),
        ("failed runs 실패", str(sum(1 for r in data.runs if r.failed))),
    ]
    return (
        "<header>\n<h1>Crawl report · 크롤링 보고서</h1>\n"
        f'<p class="meta">{escape(data.archive)} · articles published {window.first} – '
        f"{window.last} (KST) · generated {escape(data.generated_at)}</p>\n"
        f"{status}\n"
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{v}</b>{escape(k)}</div>' for k, v in cards)
        + "</div>\n</header>"
    )


def _sites(data: ReportData, palette: dict[str, str]) -> str:
    volume = data.volume
    unit = volume.window.unit
    rows = []
    for site in data.sources:
        counts = volume.counts.get(site, [])
        filled = [b for b, n in zip(volume.buckets, counts, strict=False) if n]
        silent = volume.silent.get(site, [])
        rows.append(
            [
                site,
                f"{sum(counts):,}",
                str(volume.undated.get(site, 0)),
                filled[-1].isoformat() if filled else "—",
                f"{len(silent)} {unit}s" + (f" (last {silent[-1]})" if silent else ""),
            ]
        )
    return (
        '<section id="volume">\n<h2>Is every site delivering? 사이트별 기사 수</h2>\n'
        f'<figure data-chart="volume">{charts.volume_chart(volume, palette)}'
        f"<figcaption>Articles per {unit} by publication date (KST), stacked by site; shaded "
        f"{unit}s: no site published (무기사 구간). A site's silent {unit}s are those with no "
        f"article of it since its first in this window.</figcaption></figure>\n"
        + _table(["site", "articles", "undated", f"latest {unit}", f"silent {unit}s"], rows)
        + "\n</section>"
    )


def _runs(data: ReportData) -> str:
    rows = [_run_row(r) for r in reversed(data.runs)]
    chart = (
        f'<figure data-chart="runs">{charts.runs_chart(data.runs)}'
        "<figcaption>What each run stored; ▼ a run that failed.</figcaption></figure>\n"
        if data.runs
        else ""
    )
    return (
        '<section id="runs">\n<h2>What did the last runs do? 최근 실행</h2>\n'
        + _running(data)
        + chart
        + _table(
            [
                "run",
                "spider",
                "started (UTC)",
                "seconds",
                "inserted",
                "updated",
                "unchanged",
                "errors",
                "bot wall",
                "finish",
                "exit",
                "what went wrong",
            ],
            rows,
        )
        + "\n</section>"
    )


def _running(data: ReportData) -> str:
    """Runs still going (or killed before they could say so): how far each got."""
    if not data.running:
        return ""
    rows = []
    for run in data.running:
        eta = "—"
        if run.eta_seconds is not None:
            eta = str(timedelta(seconds=int(run.eta_seconds)))
        rows.append(
            [
                f"#{run.id}",
                run.spider,
                run.started_at.replace("T", " ")[:19],
                (run.heard_at or "—").replace("T", " ")[:19],
                f"{run.stored:,}",
                "—" if run.found is None else f"{run.found:,}",
                "—" if run.left is None else f"{run.left:,}",
                "—" if run.rate is None else f"{run.rate:,.1f}",
                eta,
            ]
        )
    return (
        '<h3 id="running">Running now 진행 중</h3>\n'
        '<p class="note">Runs with no end yet: their counts as of their last committed batch '
        "(last heard). One not heard from for long was killed.</p>\n"
        + _table(
            [
                "run",
                "spider",
                "started (UTC)",
                "last heard (UTC)",
                "stored",
                "found",
                "left",
                "articles/s",
                "ETA",
            ],
            rows,
        )
        + "\n"
    )


def _run_row(run: Run) -> list[str]:
    status = "none" if run.exit_status is None else str(run.exit_status)
    return [
        f"#{run.id}",
        run.spider,
        run.started_at.replace("T", " ")[:19],
        "—" if run.seconds is None else f"{run.seconds:,.1f}",
        f"{run.inserted:,}",
        f"{run.updated:,}",
        f"{run.unchanged:,}",
        str(run.errors),
        str(run.botwall),
        run.finish_reason or "—",
        Html(f'<span class="status-{status}">{"—" if run.exit_status is None else status}</span>'),
        _text(run.reason or ""),
    ]


def _coverage(data: ReportData) -> str:
    if not data.coverage:
        return (
            '<section id="coverage">\n<h2>Field coverage 필드 채움률</h2>\n'
            "<p>No run parsed any article.</p>\n</section>"
        )
    alarms = [
        [
            day.spider,
            day.day,
            field,
            f"{day.shares[field]:.0%}",
            f"{day.thresholds[field]:.0%}",
            f"{day.parsed:,}",
            level,
        ]
        for day in data.coverage
        for field, level in day.alarms.items()
    ]
    table = (
        _table(["spider", "day (UTC)", "field", "filled", "alarm below", "pages", "alarm"], alarms)
        if alarms
        else '<p class="note">No coverage alarm in these days.</p>'
    )
    return (
        '<section id="coverage">\n<h2>Field coverage per day 필드 채움률</h2>\n'
        f'<figure data-chart="coverage">{charts.coverage_chart(data.coverage)}'
        "<figcaption>Share of the pages parsed each day with each field, per spider (all its "
        "runs of the day). Circled: a share more than 30 points under the mean of the five "
        "days before, the rule of <code>scrapy crawlall</code> (red: title, body or date, "
        "which fail the run; orange: a warning); the dash marks that alarm level."
        "</figcaption></figure>\n" + table + "\n</section>"
    )


def _duplicates(data: ReportData) -> str:
    rows = [
        [
            d.source,
            f"{d.articles:,}",
            f"{d.exact:,}",
            f"{d.exact / max(d.articles, 1):.1%}",
            f"{d.near:,}",
            f"{d.near / max(d.articles, 1):.1%}",
        ]
        for d in data.duplicates
    ]
    stories = [
        [w.wire or "—", _text(w.title), str(len(w.outlets)), ", ".join(w.outlets), str(w.copies)]
        for w in data.wire_stories
    ]
    chart = (
        f'<figure data-chart="duplicates">{charts.duplicates_chart(data.duplicates)}'
        "<figcaption>Exact: the same body as an earlier article; near: nearly the same "
        "(MinHash), such as wire copy under another byline.</figcaption></figure>\n"
        if data.duplicates
        else ""
    )
    return (
        '<section id="duplicates">\n<h2>Duplicates and wire stories 중복 기사</h2>\n'
        + chart
        + _table(["site", "articles", "exact", "exact %", "near", "near %"], rows)
        + "\n<h3>Most republished stories 가장 많이 전재된 기사</h3>\n"
        + (
            _table(["wire", "title", "outlets", "sites", "copies"], stories)
            if stories
            else '<p class="note">No republished story in this window.</p>'
        )
        + "\n</section>"
    )


def _lengths(data: ReportData, palette: dict[str, str]) -> str:
    return (
        '<section id="lengths">\n<h2>Body length 본문 길이</h2>\n'
        f'<figure data-chart="lengths">{charts.body_length_chart(data.body_lengths, palette)}'
        "<figcaption>A parser that starts cutting bodies short moves its site's line to the "
        "left.</figcaption></figure>\n</section>"
    )


def _text(value: str) -> Html:
    """A cell of running text, wrapped rather than kept on one line."""
    return Html(f'<div class="text">{escape(value)}</div>')


class Html(str):
    """Markup made here, put in a table cell as it is; any other cell text is escaped."""


def _table(head: list[str], rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        return f"<td>{value if isinstance(value, Html) else escape(value)}</td>"

    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return (
        f'<div class="table"><table><thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
