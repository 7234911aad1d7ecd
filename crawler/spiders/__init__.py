"""Spiders: one per site (``scrapy crawl hankyung``) and the routing ``article`` spider."""
