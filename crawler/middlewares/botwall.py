"""Recognise bot-wall challenge pages, back off, and retry them later.

Cloudflare answers a crawler it distrusts with a "Just a moment…" page,
with status 403 or 503 and sometimes 200. Left alone, Scrapy would drop the
first two silently (HttpErrorMiddleware) and hand the third to the parser
as if it were an article. Here every challenge is counted and logged, the
site's download slot slows down (its delay doubles, up to
``BOTWALL_MAX_DELAY``), and the request is retried up to
``BOTWALL_MAX_RETRIES`` times before it is given up.
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.extract.botwall import challenge_kind
from crawler.utils.stats import stat_key

logger = logging.getLogger(__name__)


class BotWallMiddleware:
    """Keep challenge pages away from the parsers and slow down the site serving them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_retries = crawler.settings.getint("BOTWALL_MAX_RETRIES")
        self.max_delay = crawler.settings.getfloat("BOTWALL_MAX_DELAY")
        self.base_delay = crawler.settings.getfloat("DOWNLOAD_DELAY") or 1.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        kind = challenge_kind(response.body)
        if kind is None:
            return response
        self.stats.inc_value(stat_key("botwall", kind))
        delay = self._back_off(request)
        logger.warning(
            "Bot wall (%s, status %d) at %s; site delay now %gs",
            kind,
            response.status,
            request.url,
            delay,
        )
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"botwall_{kind}",
            max_retry_times=self.max_retries,
            stats_base_key="botwall/retry",
        )
        if retry is None:
            self.stats.inc_value("botwall/gave_up")
            raise IgnoreRequest(f"bot wall ({kind}) at {request.url}")
        return retry

    def _back_off(self, request: Request) -> float:
        """Double the delay of the download slot that served *request*."""
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(request.meta.get(downloader.DOWNLOAD_SLOT, ""))
        if slot is None:
            return 0.0
        slot.delay = min(max(slot.delay * 2, self.base_delay), self.max_delay)
        return slot.delay
