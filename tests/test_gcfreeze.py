"""The start-up objects are frozen when the engine starts, unless switched off."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.gcfreeze import FreezeStartupObjects


def test_engine_start_freezes_what_is_alive() -> None:
    crawler = get_crawler(settings_dict={"GC_FREEZE": True})
    crawler.stats.open_spider()
    extension = FreezeStartupObjects.from_crawler(crawler)
    try:
        extension.engine_started()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # Scrapy, Twisted, lxml, pytest: far more than this
        assert crawler.stats.get_value("gc/frozen_objects") == frozen
    finally:
        gc.unfreeze()


def test_switched_off() -> None:
    with pytest.raises(NotConfigured):
        FreezeStartupObjects.from_crawler(get_crawler(settings_dict={"GC_FREEZE": False}))
