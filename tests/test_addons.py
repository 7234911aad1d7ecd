"""The replay add-on: middlewares idle for saved responses off, dedupe decisions batched."""

from __future__ import annotations

from scrapy.settings import Settings

from crawler import settings as project_settings
from crawler.addons import (
    REPLAY_DEDUPE_COMMIT_EVERY,
    REPLAY_IDLE_DOWNLOADER_MIDDLEWARES,
    ReplayAddon,
)
from tests.conftest import FIXTURES


def settings(**values: str) -> Settings:
    found = Settings()
    found.setmodule(project_settings, priority="project")
    found.update(values, priority="cmdline")
    return found


def test_a_replay_switches_the_idle_middlewares_off_and_keeps_the_project_ones() -> None:
    replay = settings(REPLAY="pages.warc.gz")
    ReplayAddon().update_settings(replay)
    middlewares = replay.getdict("DOWNLOADER_MIDDLEWARES")
    assert all(middlewares[name] is None for name in REPLAY_IDLE_DOWNLOADER_MIDDLEWARES)
    assert middlewares["crawler.middlewares.replay.ReplayMiddleware"] == 990
    assert middlewares["crawler.middlewares.botwall.BotWallMiddleware"] == 560
    live = settings()
    ReplayAddon().update_settings(live)
    assert live.getdict("DOWNLOADER_MIDDLEWARES") == project_settings.DOWNLOADER_MIDDLEWARES


def test_a_replay_crawl_runs_without_them_and_gives_the_same_records(crawl) -> None:
    result = crawl("hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    enabled = result.log.split("Enabled downloader middlewares:")[1].split("INFO")[0]
    assert "UserAgentMiddleware" not in enabled and "CookiesMiddleware" not in enabled
    assert "RobotsTxtMiddleware" in enabled and "RedirectMiddleware" in enabled
    assert sorted(item["article_id"] for item in result.items) == ["202401298662Y", "2026042037091"]
    assert "WARNING" not in result.log


def test_a_replay_batches_the_dedupe_decisions_unless_told_otherwise() -> None:
    replay = settings(REPLAY="pages.warc.gz")
    ReplayAddon().update_settings(replay)
    assert replay.getint("DEDUPE_COMMIT_EVERY") == REPLAY_DEDUPE_COMMIT_EVERY == 100
    told = settings(REPLAY="pages.warc.gz", DEDUPE_COMMIT_EVERY="1")
    ReplayAddon().update_settings(told)
    assert told.getint("DEDUPE_COMMIT_EVERY") == 1
    live = settings()
    ReplayAddon().update_settings(live)
    assert live.getint("DEDUPE_COMMIT_EVERY") == 1
