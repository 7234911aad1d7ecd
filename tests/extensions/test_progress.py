"""Progress of real replay crawls: log lines off a terminal, a live line on one."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, run_crawl
from tests.synthetic import write_archive

PAGES = 600
FAST = ("-s", "PROGRESS_INTERVAL=0.2", "-s", "PROGRESS_DELAY=0", "-s", "PARSE_WORKERS=0")
LINE = re.compile(
    r"Progress: hankyung ([\d,]+) found, ([\d,]+) fetched, ([\d,]+) stored, ([\d,]+) skipped"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("progress") / "pages.warc.gz"
    write_archive(path, PAGES, sitemap_size=200)
    return path


def progress(log: str) -> list[tuple[int, ...]]:
    return [tuple(int(n.replace(",", "")) for n in m.groups()) for m in LINE.finditer(log)]


def test_log_lines_count_up_to_the_final_one(archive: Path, tmp_path: Path) -> None:
    first = run_crawl(
        tmp_path, "hankyung", "-s", f"REPLAY={archive}", *FAST, output="a.db", append=True
    )
    lines = progress(first.log)
    assert len(lines) >= 3
    fetched = [line[1] for line in lines]
    assert fetched == sorted(fetched) and fetched[0] < PAGES
    assert lines[-1] == (PAGES, PAGES, PAGES, 0)
    assert first.log.rstrip().count("skipped (finished)") == 1
    assert re.search(r"articles/s, [\d,]+ left, ETA \d:\d\d:\d\d", first.log)
    # Again: every article is stored and unchanged, skipped before it is fetched.
    again = run_crawl(
        tmp_path, "hankyung", "-s", f"REPLAY={archive}", *FAST, output="a.db", append=True
    )
    assert progress(again.log)[-1] == (PAGES, 0, 0, PAGES)
    assert again.stats["incremental/skipped"] == PAGES


def test_off_with_progress_0_and_quiet_for_a_short_crawl(tmp_path: Path) -> None:
    off = run_crawl(
        tmp_path, "hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}", *FAST, "-s", "PROGRESS=0"
    )
    assert "Progress:" not in off.log and len(off.items) == 2
    assert "crawler.extensions.progress.Progress" not in off.log  # not among enabled extensions
    short = run_crawl(tmp_path, "hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    assert "crawler.extensions.progress.Progress" in short.log
    assert "Progress:" not in short.log  # done before PROGRESS_DELAY (5 s)


def test_a_live_line_on_a_terminal(archive: Path, tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "hankyung", "-s", f"REPLAY={archive}",
        "-o", str(tmp_path / "a.db"), "-s", "PROGRESS_DELAY=0", "-s", "PARSE_WORKERS=0",
        "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    output = run_on_terminal(command)
    assert "Progress:" not in output  # the live line, not log lines
    frames = [f for f in output.split("\r") if "%|" in f]
    assert len(frames) >= 2
    assert re.search(r"hankyung 600 found, 600 fetched, 600 stored, 0 skipped: 100%\|", output)
    assert "articles/s]" in frames[-1]


def run_on_terminal(command: list[str]) -> str:
    """What *command* prints on a 160-column terminal (a pseudo-terminal)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    process = subprocess.Popen(command, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")
