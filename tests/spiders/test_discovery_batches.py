"""Discovered articles become requests one batch at a time, however many sitemaps list them."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import XmlResponse
from scrapy.utils.test import get_crawler

from crawler.spiders.article import ArticleSpider
from crawler.spiders.hankyung import HankyungSpider
from tests.synthetic import pages, sitemap, write_archive


def test_children_of_a_sitemap_index_release_one_batch_between_them() -> None:
    crawler = get_crawler(HankyungSpider, {"DISCOVERY_BATCH": 25, "DISCOVERY_BACKLOG_MEMORY": 40})
    spider = HankyungSpider.from_crawler(crawler)
    crawler.spider = spider
    entries = [(url, title, published) for url, _, title, published in pages(150)]
    released = []
    for number in range(3):
        url = f"https://www.hankyung.com/sitemap/latest-article-{number + 1}.xml"
        body = sitemap(entries[number * 50 : (number + 1) * 50])
        released += list(spider.parse_discovery(XmlResponse(url, body=body)))
    # The first child's batch only. The other 125 entries wait: 15 of the
    # first child's in memory, and, once some wait on disk, all after them.
    assert len(released) == 25
    assert all(isinstance(r, Request) for r in released)
    assert spider.waiting == 125
    assert crawler.stats.get_value("discovery/backlog_on_disk_max") == 110
    spider.closed("finished")


def test_one_batch_while_scrapy_reads_the_children_interleaved() -> None:
    crawler = get_crawler(HankyungSpider, {"DISCOVERY_BATCH": 25})
    spider = HankyungSpider.from_crawler(crawler)
    crawler.spider = spider
    entries = [(url, title, published) for url, _, title, published in pages(150)]
    outputs = [
        spider.parse_discovery(
            XmlResponse(
                f"https://www.hankyung.com/sitemap/latest-article-{number + 1}.xml",
                body=sitemap(entries[number * 50 : (number + 1) * 50]),
            )
        )
        for number in range(3)
    ]
    # Scrapy takes the first child's first request, then parses the other
    # children before it comes back for the rest of the first one's.
    released = [next(outputs[0])]
    released += [*outputs[1], *outputs[2], *outputs[0]]
    assert len(released) == 25
    assert spider.waiting == 125
    spider.closed("finished")


def test_given_urls_become_requests_one_batch_at_a_time(crawl, tmp_path) -> None:
    """``-a urls_file`` of many URLs: a batch in the scheduler, the rest as plain strings."""
    urls = [url for url, _, _, _ in pages(60)]
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls), encoding="utf-8")
    crawler = get_crawler(ArticleSpider, {"DISCOVERY_BATCH": 25})
    spider = ArticleSpider.from_crawler(crawler, urls_file=str(listing))

    async def start() -> list[Request]:
        return [request async for request in spider.start()]

    assert [r.url for r in asyncio.run(start())] == urls[:25]
    assert spider.waiting == 35  # released when the crawl runs dry
    spider.closed("finished")
    # A real replay crawl releases every batch as the one before runs out.
    archive = tmp_path / "pages.warc.gz"
    write_archive(archive, 60)
    result = crawl(
        "article", "-a", f"urls_file={listing}", "-s", f"REPLAY={archive}",
        "-s", "DISCOVERY_BATCH=25", output="a.db",
    )  # fmt: skip
    assert result.stats["archive/inserted"] == 60
    assert result.stats["scheduler/enqueued"] == 60
