"""The start-up objects are frozen when the engine starts, unless switched off."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.extensions.gcfreeze import FreezeStartupObjects


def test_engine_start_freezes_what_is_alive() -> None:
    gc.unfreeze()
    crawler = get_crawler(settings_dict={"GC_FREEZE": True})
    crawler.stats.open_spider()
    extension = FreezeStartupObjects.from_crawler(crawler)
    started_with = {"a start-up object": [1, 2, 3]}
    try:
        extension.engine_started()
        # Frozen objects leave the collected generations for the permanent one.
        assert not any(o is started_with for o in gc.get_objects())
        assert crawler.stats.get_value("gc/frozen_objects") == gc.get_freeze_count()
        made_later = {"an object of the crawl": [4]}
        assert any(o is made_later for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_switched_off() -> None:
    with pytest.raises(NotConfigured):
        FreezeStartupObjects.from_crawler(get_crawler(settings_dict={"GC_FREEZE": False}))
