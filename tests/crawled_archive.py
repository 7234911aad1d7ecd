"""An archive made by real replay crawls of the saved pages, for the tests of what reads one.

Seven runs into one SQLite archive, as cron would make them: four sites'
saved pages, a re-crawl of hankyung behind a bot wall (the saved
Cloudflare challenge), a hankyung crawl after a layout change (simulated:
the saved 2026 page under a new id with its body removed, named
``handmade-layout-change``), and two other outlets republishing the 2024
연합뉴스 story (the saved page under another URL and byline, once whole and
once with a paragraph cut).

Each run is dated one day after the one before (its start and end are moved
back once it has finished, as if cron had run the crawls daily), so that
the report's per-day coverage sees the layout change on its own day.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_crawl
from tests.synthetic import body_span, republication

HANKYUNG_2024 = "https://www.hankyung.com/article/202401298662Y"
HANKYUNG_2026 = "https://www.hankyung.com/article/2026042037091"
LAYOUT_CHANGED = "https://www.hankyung.com/article/2026042099999"
REPUBLISHED = "https://news.example.kr/article/777"
REPUBLISHED_CUT = "https://news.example.org/view/31"
MK = [
    f"https://www.mk.co.kr/news/{path}"
    for path in (
        "business/10932589",
        "politics/11333783",
        "realestate/11329112",
        "society/11328184",
        "stock/11330362",
        "world/11331368",
    )
]
EDAILY = "https://v2.www.edaily.co.kr/News/Read?newsId=05569446645418088&mediaCodeNo=257"
MT = "http://news.mt.co.kr/mtview.php?no=2019013122370465870"
FIRST_RUN_DAY = date(2026, 11, 20)


def _layout_change(folder: Path) -> Path:
    folder.mkdir()
    page = (FIXTURES / "hankyung/article-2026042037091.html").read_text(encoding="utf-8")
    start, end = body_span(page)
    changed = page[:start] + page[end:]
    (folder / "handmade-layout-change.html").write_text(
        changed.replace("2026042037091", "2026042099999"), encoding="utf-8"
    )
    return folder


def _republications(folder: Path) -> Path:
    folder.mkdir()
    whole = republication(REPUBLISHED)
    cut = republication(REPUBLISHED_CUT, cut=True)
    assert "hong@example.kr" in whole and "제대로 활용되는" not in cut
    (folder / "handmade-republication.html").write_text(whole, encoding="utf-8")
    (folder / "handmade-republication-cut.html").write_text(cut, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def crawled_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    runs = [
        ("hankyung", f"{HANKYUNG_2024},{HANKYUNG_2026}", FIXTURES / "hankyung"),
        ("mk", ",".join(MK), FIXTURES / "mk"),
        ("edaily", EDAILY, FIXTURES / "edaily"),
        ("mt", MT, FIXTURES / "mt"),
        ("hankyung", f"{HANKYUNG_2026},{HANKYUNG_2024}", FIXTURES / "hankyung/botwall"),
        ("hankyung", LAYOUT_CHANGED, _layout_change(folder / "layout")),
        ("article", f"{REPUBLISHED},{REPUBLISHED_CUT}", _republications(folder / "republished")),
    ]
    for number, (spider, urls, replay) in enumerate(runs, start=1):
        run_crawl(
            folder,
            spider,
            "-a",
            f"urls={urls}",
            "-s",
            f"REPLAY={replay}",
            "-s",
            "DOWNLOAD_DELAY=0.01",
            output="articles.db",
            append=True,
        )
        _date_run(folder / "articles.db", number, FIRST_RUN_DAY + timedelta(days=number - 1))
    return folder / "articles.db"


def _date_run(archive: Path, run: int, day: date) -> None:
    with closing(sqlite3.connect(archive)) as db, db:
        db.execute(
            "UPDATE runs SET started_at = ? || substr(started_at, 11), "
            "finished_at = ? || substr(finished_at, 11) WHERE id = ?",
            (day.isoformat(), day.isoformat(), run),
        )


def report_json(page: str) -> dict:
    """The numbers a report page embeds."""
    start = page.index('<script type="application/json" id="report-data">')
    start = page.index(">", start) + 1
    return json.loads(page[start : page.index("</script>", start)].replace("<\\/", "</"))


@pytest.fixture(scope="module")
def chromium():
    """The system's Chromium, headless, driven by Playwright.

    For one module at a time: Playwright's synchronous API runs an event loop
    in this thread while it is open, and other tests run their own.
    """
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail(
            "Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()
