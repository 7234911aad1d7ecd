"""The report's charts, drawn by matplotlib as inline SVG.

Text stays text in the SVG (``svg.fonttype = none``), so the browser draws
it with its own fonts and the charts scale with the page. Every artist that
shows data carries an id starting ``data-`` (``gid`` in matplotlib): the
browser test counts them to check that no chart came out empty.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from crawler.health import REPORTED_FIELDS
from crawler.report.articles import BODY_LENGTH_EDGES, Duplicates, Volume
from crawler.report.runs import DayCoverage, Run

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
SILENT = "#fbe3e3"
_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kbiz-report",
    "font.family": ["sans-serif"],
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e6e6e6",
    "legend.frameon": False,
}


def colors(sources: Sequence[str]) -> dict[str, str]:
    """One color per site, the same in every chart."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}


def volume_chart(volume: Volume, palette: dict[str, str]) -> str:
    """Stacked bars of articles per site per bucket.

    Buckets where no site published, after the first that has an article,
    are shaded: the archive's silences.
    """
    with _figure(9, 3.2) as (figure, svg):
        axes = figure.subplots()
        positions = list(range(len(volume.buckets)))
        bottom = [0] * len(positions)
        for site, counts in volume.counts.items():
            axes.bar(
                positions,
                counts,
                bottom=bottom,
                width=0.85,
                color=palette.get(site),
                label=site,
                gid=f"data-volume-{site}",
            )
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        started = False
        for position, total in zip(positions, bottom, strict=True):
            started = started or total > 0
            if started and total == 0:
                axes.axvspan(position - 0.5, position + 0.5, color=SILENT, lw=0, zorder=0)
        axes.set_xlim(-0.5, max(len(positions), 1) - 0.5)
        _date_ticks(axes, [b.isoformat() for b in volume.buckets])
        axes.set_ylabel(f"articles per {volume.window.unit}")
        if volume.counts:
            axes.legend(loc="upper left", ncols=min(len(volume.counts), 6), fontsize=8)
    return svg.getvalue()


def coverage_chart(days: Sequence[DayCoverage]) -> str:
    """Field coverage per day, one panel per spider, with crawlall's alarms circled."""
    spiders = list(dict.fromkeys(d.spider for d in days))
    columns = 1 if len(spiders) < 2 else 2
    rows = -(-max(len(spiders), 1) // columns)
    field_colors = colors(REPORTED_FIELDS)
    with _figure(9, 2.1 * rows + 0.5) as (figure, svg):
        panels = figure.subplots(rows, columns, squeeze=False, sharey=True).flatten()
        for axes, spider in zip(panels, spiders, strict=False):
            own = [d for d in days if d.spider == spider]
            x = list(range(len(own)))
            for field in REPORTED_FIELDS:
                axes.plot(
                    x,
                    [d.shares[field] for d in own],
                    marker="o",
                    ms=3,
                    lw=1.4,
                    color=field_colors[field],
                    label=field,
                    gid=f"data-coverage-{spider}-{field}",
                )
            for i, day in enumerate(own):
                for field, level in day.alarms.items():
                    axes.plot(
                        [i],
                        [day.shares[field]],
                        marker="o",
                        ms=10,
                        mfc="none",
                        mew=2,
                        color="#d62728" if level == "fail" else "#ff7f0e",
                    )
                    axes.plot(
                        [i],
                        [day.thresholds[field]],
                        marker="_",
                        ms=16,
                        mew=2,
                        color=field_colors[field],
                    )
            axes.set_ylim(-0.05, 1.08)
            axes.set_xlim(-0.5, max(len(own), 2) - 0.5)
            axes.set_title(spider, loc="left", fontsize=10, fontweight="bold")
            _date_ticks(axes, [d.day for d in own], most=6)
        for axes in panels[len(spiders) :]:
            axes.set_visible(False)
        for axes in panels[::columns]:
            axes.set_ylabel("share filled")
        handles, labels = panels[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside upper center", ncols=len(labels), fontsize=8)
    return svg.getvalue()


def runs_chart(runs: Sequence[Run]) -> str:
    """Inserted, updated and unchanged articles per run, errors and bot-wall hits above."""
    with _figure(9, 2.8) as (figure, svg):
        axes = figure.subplots()
        x = list(range(len(runs)))
        bottom = [0] * len(runs)
        for name, color in (
            ("inserted", "#2ca02c"),
            ("updated", "#1f77b4"),
            ("unchanged", "#c7c7c7"),
        ):
            values = [getattr(r, name) for r in runs]
            axes.bar(
                x,
                values,
                bottom=bottom,
                color=color,
                width=0.8,
                label=name,
                gid=f"data-runs-{name}",
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        failed = [i for i, r in enumerate(runs) if r.failed]
        if failed:
            axes.plot(
                failed,
                [bottom[i] for i in failed],
                ls="none",
                marker="v",
                ms=8,
                color="#d62728",
                label="failed run",
                gid="data-runs-failed",
            )
        axes.set_xlim(-0.5, max(len(runs), 2) - 0.5)
        axes.set_xticks(x, [f"#{r.id}\n{r.spider}" for r in runs], fontsize=7)
        axes.set_ylabel("articles")
        axes.legend(loc="upper left", ncols=4, fontsize=8)
    return svg.getvalue()


def duplicates_chart(rows: Sequence[Duplicates]) -> str:
    """Per site, the share of articles that are unique, exact and near duplicates."""
    with _figure(9, 0.45 * max(len(rows), 1) + 0.9) as (figure, svg):
        axes = figure.subplots()
        y = list(range(len(rows)))
        left = [0.0] * len(rows)
        for name, color in (("unique", "#c7c7c7"), ("exact", "#d62728"), ("near", "#ff7f0e")):
            shares = [
                (r.articles - r.exact - r.near if name == "unique" else getattr(r, name))
                / max(r.articles, 1)
                for r in rows
            ]
            axes.barh(y, shares, left=left, color=color, label=name, gid=f"data-dupes-{name}")
            left = [a + b for a, b in zip(left, shares, strict=True)]
        axes.set_yticks(y, [r.source for r in rows])
        axes.invert_yaxis()
        axes.set_xlim(0, 1)
        axes.set_xlabel("share of the site's articles")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, 1.25), ncols=3, fontsize=8)
    return svg.getvalue()


def body_length_chart(lengths: dict[str, list[int]], palette: dict[str, str]) -> str:
    """Per site, the share of bodies in each length bin."""
    labels = [f"{a:,}–{b - 1:,}" for a, b in pairwise(BODY_LENGTH_EDGES)] + [
        f"{BODY_LENGTH_EDGES[-1]:,}+"
    ]
    with _figure(9, 3) as (figure, svg):
        axes = figure.subplots()
        x = list(range(len(labels)))
        for site, counts in lengths.items():
            total = sum(counts)
            if not total:
                continue
            axes.plot(
                x,
                [c / total for c in counts],
                marker="o",
                color=palette.get(site),
                label=f"{site} ({total:,})",
                gid=f"data-length-{site}",
            )
        axes.set_xticks(x, labels, fontsize=8)
        axes.set_xlabel("body length (characters)")
        axes.set_ylabel("share of articles")
        axes.legend(loc="upper right", fontsize=8)
    return svg.getvalue()


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[Figure, io.StringIO]]:
    """A figure drawn into a scalable SVG string once the block ends."""
    svg = io.StringIO()
    with rc_context(_STYLE):
        figure = Figure(figsize=(width, height), layout="constrained")
        yield figure, svg
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    text = svg.getvalue()
    svg.seek(0)
    svg.truncate()
    svg.write(_scalable(text))


def _scalable(text: str) -> str:
    """The ``<svg>`` element alone, its fixed size replaced by the page's width."""
    start = text.index("<svg")
    root = re.sub(r'\s(width|height)="[^"]*"', "", text[start : text.index(">", start)], count=2)
    return (
        root + ' class="chart" preserveAspectRatio="xMidYMid meet"' + text[text.index(">", start) :]
    )


def _date_ticks(axes: Axes, labels: Sequence[str], most: int = 12) -> None:
    """At most *most* tick labels, evenly spaced, so long windows stay legible."""
    step = max(1, -(-len(labels) // most))
    ticks = list(range(0, len(labels), step))
    axes.set_xticks(ticks, [labels[i] for i in ticks], fontsize=8, rotation=30, ha="right")
