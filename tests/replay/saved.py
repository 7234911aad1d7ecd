"""Saved pages and WARC files shared by the replay tests."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import FIXTURES

HANKYUNG = FIXTURES / "hankyung"
ARTICLE_2026 = "https://www.hankyung.com/article/2026042037091"
ARTICLE_2024 = "https://www.hankyung.com/article/202401298662Y"
FEED = "https://www.hankyung.com/feed/economy"


def write_warc(
    path: Path, pages: list[tuple[str, bytes, list[tuple[str, str]]]], mode: str = "wb"
) -> None:
    with path.open(mode) as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, body, headers in pages:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
                )
            )


def two_pages() -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    return [
        (ARTICLE_2024, (HANKYUNG / "article-202401298662Y.html").read_bytes(), []),
        (ARTICLE_2026, (HANKYUNG / "article-2026042037091.html").read_bytes(), []),
    ]
