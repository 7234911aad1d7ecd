"""Tests of :mod:`crawler.parsing`; a site whose span misses the article, shared by them."""

import os
from pathlib import Path

from crawler.extract.page import Span
from crawler.sites.hankyung import Hankyung


class FooterSpan(Hankyung):
    """hankyung with a span that misses the article: a layout the span was not drawn from."""

    article_span = Span(b"<footer", b"</footer>")


def worker_pids() -> list[int]:
    """The parse workers this process started and that still run, read from /proc: its
    child processes started by multiprocessing (not its resource tracker), zombies left out."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            if b"spawn_main" in command and "(zombie)" not in status:
                found.append(int(pid))
    return sorted(found)
