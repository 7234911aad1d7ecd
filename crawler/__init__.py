"""A polite Scrapy crawler for Korean business news."""

__version__ = "0.1.0"
