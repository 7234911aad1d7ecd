"""``scrapy report`` as a user runs it, and its page in a real headless Chromium."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from tests.conftest import scrapy
from tests.crawled_archive import report_json

SCREENSHOTS = Path(tempfile.gettempdir()) / "kbiz-news-crawler-report"
CHARTS = {"volume", "runs", "coverage", "duplicates", "lengths"}


def write_report(archive: Path, out: Path, *options: str) -> str:
    done = scrapy("report", "--db", str(archive), "-o", str(out), *options)
    assert done.returncode == 0, done.stderr
    assert f"{out}: " in done.stderr
    return out.read_text(encoding="utf-8")


def open_page(chromium, path: Path, width: int) -> tuple[object, list[str], list[str]]:
    """The page loaded at *width* pixels, with its console messages and outgoing requests."""
    page = chromium.new_page(viewport={"width": width, "height": 900})
    messages: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, messages, requests


def test_the_report_opens_offline_with_every_chart_drawn(
    crawled_archive: Path, tmp_path: Path, chromium
) -> None:
    out = tmp_path / "report.html"
    html = write_report(crawled_archive, out, "--since", "2019-01-01")
    assert len(html.encode()) < 2_000_000
    page, messages, requests = open_page(chromium, out, 1100)
    assert messages == []
    assert requests == [out.as_uri()]  # nothing fetched: no CDN, no font, no image
    drawn = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('figure[data-chart]')].map(
            f => [f.dataset.chart, f.querySelectorAll('svg [id^="data-"] path').length]))"""
    )
    assert set(drawn) == CHARTS
    assert all(count > 0 for count in drawn.values()), drawn
    # Stacked bars: one per site per month, drawn even where the count is 0.
    assert drawn["volume"] == 5 * 88
    shown = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    assert shown == report_json(html)
    assert shown["total"] == 12
    cards = page.locator(".card b").all_inner_texts()
    assert cards == ["12", "5", "7", "0"]
    alarm = page.locator("#coverage tbody tr").filter(has_text="body").inner_text()
    assert alarm.split("\t") == ["hankyung", "2026-11-25", "body", "0%", "70%", "1", "fail"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "desktop.png", full_page=True)
    assert (SCREENSHOTS / "desktop.png").stat().st_size > 50_000
    page.close()


def test_the_report_reads_on_a_phone(crawled_archive: Path, tmp_path: Path, chromium) -> None:
    out = tmp_path / "report.html"
    write_report(crawled_archive, out, "--since", "2019-01-01")
    page, messages, _ = open_page(chromium, out, 390)
    assert messages == []
    # Nothing wider than the screen: tables and charts scroll in their own frames,
    # the charts at a width where their labels stay legible.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = page.evaluate(
        """[...document.querySelectorAll('figure')].map(f => [
            f.getBoundingClientRect().width,
            f.querySelector('svg.chart').getBoundingClientRect().width])"""
    )
    assert len(sizes) == 5
    assert all(frame <= 390 and chart == 560 for frame, chart in sizes), sizes
    page.screenshot(path=SCREENSHOTS.joinpath("phone.png"), full_page=True)
    page.close()


def test_a_killed_run_is_the_last_failure_in_words(
    crawled_archive: Path, tmp_path: Path, chromium
) -> None:
    archive = tmp_path / "killed.db"
    shutil.copy(crawled_archive, archive)
    # Simulated: run 5 as a crawl killed before it closed the archive leaves it.
    with closing(sqlite3.connect(archive)) as db, db:
        db.execute("UPDATE runs SET finished_at = NULL, finish_reason = NULL WHERE id = 5")
    out = tmp_path / "report.html"
    data = report_json(write_report(archive, out))
    assert [r["exit_status"] for r in data["runs"]] == [0, 0, 0, 0, None, 0, 0]
    page, messages, _ = open_page(chromium, out, 1100)
    assert messages == []
    text = page.locator("#last-failure").inner_text()
    assert text.startswith("Last failure 마지막 실패: run #5 (hankyung, 2026-11-24T")
    assert text.endswith(
        "never finished: the process was killed or crashed before closing the archive"
    )
    assert page.locator(".card b").all_inner_texts()[3] == "1"
    page.close()


def test_a_missing_archive_is_one_line_and_status_2(tmp_path: Path) -> None:
    done = scrapy("report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1
    assert not (tmp_path / "r.html").exists()
