"""A stats collector that also writes the final stats to a JSON file.

``-s STATS_FILE=stats.json`` gives scripts, cron wrappers and tests the
counters of a finished crawl without parsing its log. The file is written
when the collector closes, after every ``spider_closed`` handler (the feed
exports' last batch included) has run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector

logger = logging.getLogger(__name__)


class FileStatsCollector(MemoryStatsCollector):
    """Scrapy's in-memory stats, persisted to ``STATS_FILE`` when it is set."""

    def _persist_stats(self, stats: dict[str, Any]) -> None:
        super()._persist_stats(stats)
        target = self._crawler.settings.get("STATS_FILE")
        if not target:
            return
        path = Path(target)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                json.dumps(stats, ensure_ascii=False, indent=1, sort_keys=True, default=str),
                encoding="utf-8",
            )
        except OSError:
            logger.error("Could not write stats to %s", path, exc_info=True)
