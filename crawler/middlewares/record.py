"""Write every response received to a WARC file, for replay and fixtures.

Switched on by ``-s RECORD=FILE.warc.gz``. Records are written as the bytes
came off the network (this middleware sits next to the downloader, before
decompression), so that a replay serves them byte for byte.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from io import BytesIO
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__

logger = logging.getLogger(__name__)


class RecordMiddleware:
    """Append a WARC ``response`` record for every response."""

    def __init__(self, crawler: Crawler, path: str) -> None:
        self.stats = crawler.stats
        self.path = path
        self._file = open(path, "ab")  # noqa: SIM115 - closed on spider_closed
        self._writer = WARCWriter(self._file, gzip=path.endswith(".gz"))
        self._writer.write_record(
            self._writer.create_warcinfo_record(
                path.rsplit("/", 1)[-1],
                {"software": f"kbiz-news-crawler/{__version__}", "format": "WARC/1.1"},
            )
        )
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("RECORD")
        if not path:
            raise NotConfigured
        if crawler.settings.get("REPLAY"):
            raise NotConfigured("RECORD is ignored during a REPLAY")
        return cls(crawler, path)

    def process_response(self, request: Request, response: Response) -> Response:
        if "replay" in response.flags:
            return response
        http_headers = StatusAndHeaders(
            _status_line(response.status),
            [
                (k.decode("latin-1"), v.decode("latin-1"))
                for k, values in response.headers.items()
                for v in values
                # The body is already de-chunked: a chunked header would make
                # a WARC reader try to de-chunk it again.
                if k.lower() != b"transfer-encoding"
            ],
            protocol="HTTP/1.1",
        )
        record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            length=len(response.body),
            http_headers=http_headers,
        )
        self._writer.write_record(record)
        self._file.flush()
        self.stats.inc_value("record/responses")
        return response

    def close(self) -> None:
        self._file.close()
        logger.info("Recorded responses to %s", self.path)


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)
