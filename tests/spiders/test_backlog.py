"""The discovery backlog: first in, first out, in memory up to a limit and on disk beyond."""

from __future__ import annotations

from crawler.extract.feeds import parse_discovery
from crawler.spiders.backlog import Backlog
from tests.conftest import FIXTURES

ENTRIES = parse_discovery(
    (FIXTURES / "hankyung/rss-feed-economy-20260420.xml").read_bytes()
).entries


def test_entries_come_back_in_order_and_whole_from_disk() -> None:
    backlog = Backlog(in_memory=7)
    for entry in ENTRIES:
        backlog.append(entry)
    assert len(backlog) == 50
    assert backlog.on_disk == 43
    out = [backlog.popleft() for _ in range(50)]
    assert out == ENTRIES  # titles, KST times and authors survive the file
    assert not backlog and backlog.on_disk == 0
    backlog.close()


def test_appending_while_draining_keeps_the_order() -> None:
    backlog = Backlog(in_memory=5)
    out = []
    for entry in ENTRIES[:20]:
        backlog.append(entry)
    out += [backlog.popleft() for _ in range(12)]
    for entry in ENTRIES[20:]:
        backlog.append(entry)
    while backlog:
        out.append(backlog.popleft())
    assert [e.url for e in out] == [e.url for e in ENTRIES]
    backlog.close()
    assert len(backlog) == 0
