"""A Cloudflare challenge is counted, retried with back-off, and never stored."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import FIXTURES

CHALLENGE = FIXTURES / "hankyung/botwall/handmade-cloudflare-challenge.html"


def test_challenge_is_retried_then_given_up_and_the_crawl_goes_on(crawl) -> None:
    urls = "https://www.hankyung.com/article/2026042037091,https://www.hankyung.com/article/202401298662Y"
    result = crawl(
        "hankyung",
        "-a",
        f"urls={urls}",
        "-s",
        f"REPLAY={FIXTURES / 'hankyung/botwall'}",
        "-s",
        "DOWNLOAD_DELAY=0.01",
    )
    # The challenge URL gives no record; the other article still does.
    assert [i["article_id"] for i in result.items] == ["202401298662Y"]
    assert result.stats["botwall/cloudflare"] == 3  # first try and two retries
    assert result.stats["botwall/retry/count"] == 2
    assert result.stats["botwall/gave_up"] == 1
    assert "Bot wall (cloudflare, status 403)" in result.log


class ChallengeEverything(BaseHTTPRequestHandler):
    """A local server behind a bot wall: every page is the challenge, robots.txt is missing."""

    def do_GET(self) -> None:
        missing = self.path == "/robots.txt"
        body = b"" if missing else CHALLENGE.read_bytes()
        self.send_response(404 if missing else 403)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def bot_wall() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ChallengeEverything)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_each_challenge_doubles_the_site_s_delay_up_to_the_ceiling(crawl, bot_wall) -> None:
    """Downloaded for real (a replay has no download slot to slow down): a local server
    answers every request with the challenge page."""
    result = crawl(
        "article", "-a", f"urls={bot_wall}/news/article/1",
        "-s", "DOWNLOAD_DELAY=0.01", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "BOTWALL_MAX_DELAY=0.05",
    )  # fmt: skip
    delays = re.findall(
        r"Bot wall \(cloudflare, status 403\) at \S+; site delay now (\S+)s", result.log
    )
    assert delays == ["0.02", "0.04", "0.05"]
    assert result.stats["botwall/gave_up"] == 1 and result.items == []
