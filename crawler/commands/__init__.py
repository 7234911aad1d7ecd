"""Commands a user runs beyond Scrapy's own: ``scrapy search``, ``scrapy export``."""

from __future__ import annotations

DEFAULT_DB = "data/articles.db"
