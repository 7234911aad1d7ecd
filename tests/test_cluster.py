"""The cluster add-on's settings, over the project's own (no Redis needed)."""

from __future__ import annotations

from scrapy.utils.project import get_project_settings

from crawler.addons import ClusterAddon


def test_the_addon_replaces_the_projects_scheduler_and_duplicate_filter() -> None:
    settings = get_project_settings()
    assert settings["DUPEFILTER_CLASS"] == "crawler.dupefilter.CompactDupeFilter"
    ClusterAddon().update_settings(settings)
    assert settings["DUPEFILTER_CLASS"] == "crawler.dupefilter.CompactDupeFilter"
    settings.set("REDIS_URL", "redis://127.0.0.1:6379/0", priority="cmdline")
    ClusterAddon().update_settings(settings)
    assert settings["SCHEDULER"] == "crawler.cluster.LeasedScheduler"
    assert settings["DUPEFILTER_CLASS"] == "crawler.cluster.ExpiringDupeFilter"
