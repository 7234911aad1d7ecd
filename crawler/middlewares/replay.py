"""Answer every request from saved responses; nothing touches the network.

Switched on by ``-s REPLAY=PATH`` (a WARC file or a folder of saved pages,
see :mod:`crawler.replay`). A request with no saved response gets a 404
and the stat ``replay/miss``; a missing robots.txt therefore means allowed,
as it does on a live site.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.replay import ArchiveError, open_archive

logger = logging.getLogger(__name__)


class ReplayMiddleware:
    """Serve responses from the archive named by the ``REPLAY`` setting."""

    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        try:
            self.archive = open_archive(path)
        except ArchiveError as exc:
            # Without its archive a replay would go to the live web, which
            # is exactly what replay promises never to do: stop here.
            raise RuntimeError(f"REPLAY: {exc}") from exc
        self.stats.set_value("replay/archive_responses", len(self.archive))
        if self.archive.errors:
            self.stats.set_value("replay/archive_errors", self.archive.errors)
        self.stats.set_value("replay/archive_indexed_from", self.archive.indexed_from)
        logger.info(
            "Replaying %d saved responses from %s (index from: %s)",
            len(self.archive),
            path,
            self.archive.indexed_from,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("REPLAY")
        if not path:
            raise NotConfigured
        return cls(crawler, path)

    def process_request(self, request: Request) -> Response:
        try:
            saved = self.archive.get(request.url)
        except Exception:
            logger.error("Saved response for %s is unreadable", request.url, exc_info=True)
            self.stats.inc_value("replay/error")
            saved = None
        if saved is None:
            self.stats.inc_value("replay/miss")
            logger.info("Not in the replay archive: %s", request.url)
            return Response(request.url, status=404, request=request, flags=["replay"])
        self.stats.inc_value("replay/hit")
        if saved.fetched_at:
            request.meta.setdefault("fetched_at", saved.fetched_at)
        headers = Headers(saved.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=saved.body)
        return cls(
            url=request.url,
            status=saved.status,
            headers=headers,
            body=saved.body,
            request=request,
            flags=["replay"],
        )
