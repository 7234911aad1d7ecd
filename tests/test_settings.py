"""Defaults of every crawl that no component owns."""

from __future__ import annotations

from tests.conftest import FIXTURES


def test_a_crawl_opens_no_port(crawl) -> None:
    result = crawl("hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    assert len(result.items) == 2
    assert "Telnet console listening" not in result.log
    assert "Remote control HTTP server listening" not in result.log
    assert "TelnetConsole" not in result.log.split("Enabled extensions:")[1].split("INFO")[0]
