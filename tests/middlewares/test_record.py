"""Record a crawl of a local server to WARC, then replay it with the network gone."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import FIXTURES

PAGES = ["article-2026042037091.html", "article-202401298662Y.html"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    """The saved hankyung pages served on 127.0.0.1 (a port of our own, no network)."""
    handler = functools.partial(QuietHandler, directory=str(FIXTURES / "hankyung"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_recorded_warc_replays_to_the_same_records(crawl, local_site: str, tmp_path: Path) -> None:
    urls = ",".join(f"{local_site}/{page}" for page in PAGES)
    warc = tmp_path / "crawl.warc.gz"
    live = crawl(
        "article", "-a", f"urls={urls}", "-s", f"RECORD={warc}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        output="live.jsonl",
    )  # fmt: skip
    assert len(live.items) == 2
    assert live.stats["record/responses"] == 3  # robots.txt (404) and two pages

    with warc.open("rb") as stream:
        responses = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        }
    for page in PAGES:
        assert responses[f"{local_site}/{page}"] == (FIXTURES / "hankyung" / page).read_bytes()

    replayed = crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={warc}", output="replay.jsonl")
    assert replayed.stats["replay/hit"] == 3
    assert "replay/miss" not in replayed.stats
    strip = [{k: v for k, v in item.items() if k != "fetched_at"} for item in live.items]
    again = [{k: v for k, v in item.items() if k != "fetched_at"} for item in replayed.items]
    assert sorted(again, key=lambda i: i["url"]) == sorted(strip, key=lambda i: i["url"])
