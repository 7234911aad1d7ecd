"""Tests of the item pipelines: in real crawls, and as units called on parsed saved pages."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.items import Article
from crawler.parsing.pages import parse_page
from crawler.sites import site_for_url
from tests.conftest import FIXTURES


def project_crawler(**overrides: Any) -> Crawler:
    """A crawler with the project's settings (and *overrides*), its stats open."""
    values = {
        name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()
    }
    crawler = get_crawler(settings_dict={**values, **overrides})
    crawler.stats.open_spider()
    return crawler


def parsed(path: str, url: str) -> Article:
    """The Article the spider hands to the pipelines for a saved page."""
    return parse_page((FIXTURES / path).read_bytes(), "utf-8", url, site_for_url(url)).article
