"""``scrapy crawlall`` as cron runs it: incremental runs, a changing archive, a kill,
the lock, and a site whose layout broke."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, scrapy
from tests.synthetic import SITEMAP_URL, pages, sitemap, write_archive

CRAWLED = re.compile(r"Crawled \(\d+\) <GET (\S+)>")


def folder_archive(folder: Path, responses: dict[str, bytes]) -> Path:
    """A replay folder answering each URL with its bytes."""
    folder.mkdir(parents=True)
    lines = []
    for number, (url, body) in enumerate(responses.items()):
        name = f"{number}.xml" if url == SITEMAP_URL else f"{number}.html"
        (folder / name).write_bytes(body)
        lines.append(json.dumps({"url": url, "file": name}))
    (folder / "manifest.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return folder


def crawlall(db: Path, archive: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return scrapy(
        "crawlall", "--db", str(db), "--sites", "hankyung", "-s", f"REPLAY={archive}",
        "-s", "LOG_LEVEL=DEBUG", *extra,
    )  # fmt: skip


def article_requests(log: str) -> set[str]:
    return {url for url in CRAWLED.findall(log) if "/article/" in url}


def day(count: int, start: int = 0, changed: set[int] = frozenset(), lastmod: str = "") -> dict:
    """Synthetic pages *start*..*count* and a sitemap of them; *changed* pages get an edit
    and a later lastmod."""
    responses: dict[str, bytes] = {}
    entries = []
    for number, (url, body, title, published) in enumerate(pages(count)):
        if number < start:
            continue
        if number in changed:
            body = body.replace(
                b"<br><br>", "<br><br>(정정) 수치를 바로잡았습니다.<br><br>".encode(), 1
            )
        responses[url] = body
        entries.append((url, title, published))
    xml = sitemap(entries)
    if lastmod:
        xml = xml.replace(b"</loc>", f"</loc><lastmod>{lastmod}</lastmod>".encode())
    responses[SITEMAP_URL] = xml
    return responses


def test_second_run_fetches_no_article_then_only_new_and_modified(tmp_path: Path) -> None:
    db = tmp_path / "articles.db"
    first = crawlall(db, folder_archive(tmp_path / "day1", day(6)))
    assert first.returncode == 0, first.stdout + first.stderr[-2000:]
    assert len(article_requests(first.stderr)) == 6

    again = crawlall(db, folder_archive(tmp_path / "day1b", day(6)))
    assert again.returncode == 0
    assert article_requests(again.stderr) == set()
    assert re.search(r"hankyung\s+6\s+6\s+0\s+0\s+0", again.stdout), again.stdout

    # Day two: pages 0-5 again, page 2 edited with a later lastmod, pages 6-7 new.
    responses = day(8, changed={2}, lastmod="2099-01-01T00:00:00+09:00")
    # Only page 2 announces the change: strip the lastmod of every other entry.
    xml = responses[SITEMAP_URL].decode()
    xml = re.sub(r"(<loc>[^<]*/(?!2026042010002)\d+</loc>)<lastmod>[^<]*</lastmod>", r"\1", xml)
    responses[SITEMAP_URL] = xml.encode()
    second = crawlall(db, folder_archive(tmp_path / "day2", responses))
    assert second.returncode == 0, second.stdout
    assert article_requests(second.stderr) == {
        "https://www.hankyung.com/article/2026042010002",
        "https://www.hankyung.com/article/2026042010006",
        "https://www.hankyung.com/article/2026042010007",
    }
    with sqlite3.connect(db) as check:
        assert check.execute("SELECT count(*) FROM articles").fetchone()[0] == 8
        revision = check.execute(
            "SELECT revision FROM articles WHERE article_id = '2026042010002'"
        ).fetchone()[0]
    assert revision == 2


def test_a_second_run_started_meanwhile_exits_with_the_lock_message(tmp_path: Path) -> None:
    db = tmp_path / "articles.db"
    with open(f"{db}.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        started = time.monotonic()
        done = crawlall(db, tmp_path)
    assert done.returncode == 75
    assert "Another crawl into" in done.stdout and "is running" in done.stdout
    assert time.monotonic() - started < 30
    assert not db.exists()


def test_killed_run_then_restart_stores_every_article_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive.warc"
    write_archive(archive, 800)
    db = tmp_path / "articles.db"
    command = [
        sys.executable, "-m", "scrapy", "crawlall", "--db", str(db), "--sites", "hankyung",
        "-s", f"REPLAY={archive}", "-s", "ARCHIVE_BATCH_SIZE=25", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 50 and time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before it could be killed"
        time.sleep(0.05)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as reader:
                stored = reader.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            stored = 0
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    restarted = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr[-2000:]
    with sqlite3.connect(db) as check:
        total, distinct = check.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM articles"
        ).fetchone()
        skipped = json.loads(
            check.execute("SELECT stats FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        ).get("incremental/skipped", 0)
    assert total == distinct == 800
    assert skipped >= stored  # the restart did not fetch again what was stored


def test_broken_layout_fails_the_run_with_a_health_warning(tmp_path: Path) -> None:
    db = tmp_path / "articles.db"
    assert crawlall(db, folder_archive(tmp_path / "good", day(5))).returncode == 0
    broken = {
        url: body.replace(b'id="articletxt"', b'id="article-text"')
        for url, body in day(10, start=5).items()
    }
    done = crawlall(db, folder_archive(tmp_path / "broken", broken))
    assert done.returncode == 1
    assert "FAIL hankyung: 5 new articles fetched, none stored" in done.stdout
    assert (
        "FAIL hankyung: body filled in 0% of articles, against 100% in earlier runs" in done.stdout
    )


@pytest.mark.parametrize("unit", ["kbiz-crawl.service", "kbiz-crawl.timer"])
def test_systemd_units_are_well_formed(unit: str) -> None:
    import configparser

    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "docs" / "systemd" / unit, encoding="utf-8")
    if unit.endswith(".service"):
        assert parser.sections() == ["Unit", "Service"]
        exec_start = parser["Service"]["ExecStart"]
        assert "scrapy crawlall --db" in exec_start
        assert parser["Service"]["Type"] == "oneshot"
    else:
        assert parser.sections() == ["Unit", "Timer", "Install"]
        assert parser["Timer"]["OnCalendar"]
        assert parser["Install"]["WantedBy"] == "timers.target"


def test_systemd_analyze_finds_no_error_but_the_install_path() -> None:
    units = [str(ROOT / "docs" / "systemd" / u) for u in ("kbiz-crawl.timer", "kbiz-crawl.service")]
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None, (
        "systemd-analyze is needed (Debian's systemd package; .ci/run installs it)"
    )
    done = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, check=False)
    complaints = [
        line for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and "is not executable" not in line
    ]  # fmt: skip
    assert complaints == []
