"""Article pages parsed in a real worker process, and what happens when one dies."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from crawler.parsing.pages import parse_page
from crawler.parsing.pool import (
    AUTO_MIN_PENDING,
    ParsePool,
    configured_workers,
    worker_pays,
)
from crawler.sites.hankyung import Hankyung
from tests.conftest import FIXTURES, ROOT, run_crawl
from tests.parsing import FooterSpan, worker_pids
from tests.synthetic import write_archive

URL = "https://www.hankyung.com/article/2026042037091"
BODY = (FIXTURES / "hankyung/article-2026042037091.html").read_bytes()


def pool_of(workers: int) -> ParsePool:
    return ParsePool(get_crawler(settings_dict={"PARSE_WORKERS": workers}))


def test_worker_setting_and_automatic_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert configured_workers(Settings({"PARSE_WORKERS": 3})) == 3
    assert configured_workers(Settings({"PARSE_WORKERS": 0})) == 0
    assert configured_workers(Settings({"PARSE_WORKERS": None})) is None
    replay = Settings({"REPLAY": "a.warc.gz"})
    assert worker_pays(replay, AUTO_MIN_PENDING)
    assert not worker_pays(replay, AUTO_MIN_PENDING - 1)
    assert not worker_pays(Settings({"REPLAY": ""}), 10**5)  # a live crawl
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not worker_pays(replay, 10**5)


@pytest.mark.parametrize(("pages", "workers"), [(120, 0), (400, 1)])
def test_a_replay_starts_a_worker_when_enough_pages_wait(
    tmp_path: Path, pages: int, workers: int
) -> None:
    archive = tmp_path / "pages.warc.gz"
    write_archive(archive, pages, sitemap_size=200)
    result = run_crawl(tmp_path, "hankyung", "-s", f"REPLAY={archive}", output="a.db")
    assert result.stats["archive/inserted"] == pages
    two_cpus = (os.cpu_count() or 1) > 1
    assert result.stats["parse/workers"] == (workers if two_cpus else 0)


def test_worker_parses_the_record_the_crawl_process_would() -> None:
    pool = pool_of(1)
    site = Hankyung()
    try:
        parsed = asyncio.run(pool.parse(BODY, "utf-8", URL, site))
        fallback = asyncio.run(pool.parse(BODY, "utf-8", URL, FooterSpan()))
    finally:
        pool.close()
    inline = parse_page(BODY, "utf-8", URL, site)
    assert parsed.extent == "span"
    assert asdict(parsed.article) == asdict(inline.article)
    assert fallback.extent == "span_fallback"
    assert asdict(fallback.article) == asdict(inline.article)
    stats = pool.crawler.stats
    assert stats.get_value("parse/workers") == 1
    assert 10 < stats.get_value("parse/worker_peak_rss_mb") < 1000


def test_crawls_of_one_process_share_their_workers() -> None:
    # scrapy crawlall: every site's crawl in one process, one worker between them.
    first, second = pool_of(1), pool_of(1)
    try:
        asyncio.run(first.parse(BODY, "utf-8", URL, Hankyung()))
        asyncio.run(second.parse(BODY, "utf-8", URL, Hankyung()))
        [shared] = worker_pids()
        first.close()
        parsed = asyncio.run(second.parse(BODY, "utf-8", URL, Hankyung()))
        assert parsed.extent == "span"
        assert worker_pids() == [shared]  # the crawl still going keeps it
    finally:
        first.close()
        second.close()
    assert worker_pids() == []


def test_ctrl_c_leaves_the_worker_to_finish_the_pages_in_hand() -> None:
    pool = pool_of(1)

    async def parse_after_ctrl_c():
        await pool.parse(BODY, "utf-8", URL, Hankyung())
        [pid] = worker_pids()
        os.kill(pid, signal.SIGINT)
        return pid, await pool.parse(BODY, "utf-8", URL, Hankyung())

    try:
        pid, parsed = asyncio.run(parse_after_ctrl_c())
        assert worker_pids() == [pid]  # still at work
    finally:
        pool.close()
    assert parsed.extent == "span"
    assert pool.crawler.stats.get_value("parse/workers_broken") is None


def test_a_dead_worker_costs_no_page() -> None:
    pool = pool_of(1)

    async def parse_after_the_worker_dies():
        await pool.parse(BODY, "utf-8", URL, Hankyung())
        [pid] = worker_pids()  # the one worker
        os.kill(pid, signal.SIGKILL)
        return await pool.parse(BODY, "utf-8", URL, Hankyung())

    try:
        parsed = asyncio.run(parse_after_the_worker_dies())
    finally:
        pool.close()
    assert parsed.article.title == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"
    assert pool.crawler.stats.get_value("parse/workers_broken") == 1
    assert worker_pids() == []  # parsed here since, no worker started again


CRAWL_THAT_HANGS = """
import asyncio, sys, time
from scrapy.utils.test import get_crawler
from crawler.parsing.pool import ParsePool
from crawler.sites.hankyung import Hankyung
pool = ParsePool(get_crawler(settings_dict={"PARSE_WORKERS": 1}))
body = open(sys.argv[1], "rb").read()
asyncio.run(pool.parse(body, "utf-8", sys.argv[2], Hankyung()))
from tests.parsing import worker_pids
print(*worker_pids(), flush=True)
time.sleep(60)
"""


def test_workers_of_a_crawl_killed_with_sigkill_end_too() -> None:
    page = str(FIXTURES / "hankyung/article-2026042037091.html")
    command = [sys.executable, "-c", CRAWL_THAT_HANGS, page, URL]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) as crawl:
        [worker] = map(int, crawl.stdout.readline().split())
        crawl.kill()
    deadline = time.monotonic() + 10
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker)


def _running(pid: int) -> bool:
    """True while *pid* runs (an exited process not yet reaped by init is a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "(zombie)" not in status
