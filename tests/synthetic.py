"""Large replay archives made from the saved pages, for benchmarks and long tests.

Each synthetic page is the saved 2026 hankyung article page with a new id,
headline, publication time and a body of paragraphs drawn from the real
articles in ``tests/fixtures`` — real markup and real Korean text, in any
number. A Google-News sitemap at ``/sitemap/latest-article.xml`` lists them
all (or a sitemap index there lists sitemaps of them, 1,000 each, for the
benchmark's large archives), so ``scrapy crawl hankyung -s
REPLAY=archive.warc.gz`` discovers them as it would on the live site.
"""

from __future__ import annotations

import html
import io
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from parsel import Selector
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.extract.dates import KST
from crawler.extract.generic import parse_generic
from crawler.replay.offsets import write_offsets
from crawler.sites import site_for_url

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATE = FIXTURES / "hankyung" / "article-2026042037091.html"
TEMPLATE_ID = "2026042037091"
TEMPLATE_TIME = "2026-04-20T21:00:01+09:00"
TEMPLATE_TITLE = "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"
BODY_OPEN = '<div class="article-body" id="articletxt" itemprop="articleBody">'
SITEMAP_URL = "https://www.hankyung.com/sitemap/latest-article.xml"
START = datetime(2026, 4, 20, 0, 0, tzinfo=KST)


def paragraph_pool(min_length: int = 40) -> list[str]:
    """Every body paragraph of every saved article page, parsed by the project."""
    pool: list[str] = []
    for page in sorted(FIXTURES.glob("*/*.html")):
        selector = Selector(text=page.read_text(encoding="utf-8", errors="replace"), type="html")
        url = selector.css("link[rel=canonical]::attr(href)").get() or "https://example.invalid/"
        site = site_for_url(url)
        article = site.parse_article(selector, url) if site else parse_generic(selector, url)
        pool.extend(p for p in article.body.split("\n\n") if len(p) >= min_length)
    return list(dict.fromkeys(pool))


WIRE_STORY = FIXTURES / "hankyung" / "article-202401298662Y.html"
"""The saved 2024 hankyung page of a 연합뉴스 story."""
WIRE_STORY_URL = "https://www.hankyung.com/article/202401298662Y"


def republication(url: str, *, cut: bool = False) -> str:
    """The saved 연합뉴스 story as another outlet republishes it (hand-made): under *url*,
    with that outlet's byline and copyright line in place of the wire's credit, and
    with *cut*, one paragraph left out."""
    page = WIRE_STORY.read_text(encoding="utf-8")
    copy = page.replace(WIRE_STORY_URL, url).replace(
        "  /연합뉴스", " 홍길동 기자 hong@example.kr<br><br>ⓒ 예시경제, 무단전재 및 재배포 금지"
    )
    if cut:
        copy = copy.replace(
            "자사 AI 챗봇이 제대로 활용되는 기회가 될 것으로 보인다.<br /><br />", ""
        )
    return copy


def body_span(page: str) -> tuple[int, int]:
    """Where the body text of the saved 2026 hankyung page sits: from the end of its
    container's opening tag to the ``</div>`` after the reporter's e-mail."""
    start = page.index(BODY_OPEN) + len(BODY_OPEN)
    return start, page.index("</div>", page.index("kej@hankyung.com"))


def article_id(number: int) -> str:
    """The hankyung-style id of synthetic article *number* (13 characters)."""
    day = START + timedelta(days=number // 90_000)
    return f"{day:%Y%m%d}{number % 90_000 + 10_000:05d}"


def pages(count: int, seed: int = 0) -> Iterator[tuple[str, bytes, str, str]]:
    """``(url, body, title, published_at)`` for *count* synthetic article pages."""
    template = TEMPLATE.read_text(encoding="utf-8")
    start, end = body_span(template)
    head, tail = template[:start], template[end:]
    pool = paragraph_pool()
    rng = random.Random(seed)
    for number in range(count):
        new_id = article_id(number)
        published = (START + timedelta(days=number // 90_000, seconds=number % 86_400)).isoformat()
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(4, 9)))
        title = f"{chosen[0][:30]} … 기사 {number}"
        body = "<br><br>".join(html.escape(p, quote=False) for p in chosen)
        page = (head + body + tail).replace(TEMPLATE_ID, new_id)
        page = page.replace(TEMPLATE_TIME, published)
        attribute = TEMPLATE_TITLE.replace('"', "&quot;").replace("'", "&#039;")
        for form in (TEMPLATE_TITLE, attribute):
            page = page.replace(form, html.escape(title))
        url = f"https://www.hankyung.com/article/{new_id}"
        yield url, page.encode("utf-8"), title, published


def sitemap(entries: list[tuple[str, str, str]]) -> bytes:
    """A Google-News sitemap listing ``(url, title, published_at)`` entries."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for url, title, published in entries:
        lines.append(
            f"<url><loc>{url}</loc><news:news><news:publication><news:name>한국경제</news:name>"
            f"<news:language>ko</news:language></news:publication>"
            f"<news:publication_date>{published}</news:publication_date>"
            f"<news:title><![CDATA[{title}]]></news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines).encode("utf-8")


def sitemap_index(urls: list[str]) -> bytes:
    """A sitemap index listing the sitemaps at *urls*."""
    children = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{children}</sitemapindex>"
    ).encode()


def write_archive(
    path: Path, count: int, seed: int = 0, sitemap_size: int | None = None
) -> list[str]:
    """Write a WARC file of *count* synthetic pages and their sitemap; return the page URLs.

    With *sitemap_size*, the sitemap is an index of sitemaps of at most that
    many entries each, as a site publishes a large listing (the protocol
    allows 50,000 URLs a sitemap, Google News 1,000); without, one sitemap
    lists every page.
    """
    entries: list[tuple[str, str, str]] = []
    offsets: list[tuple[str, int]] = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")

        def save(url: str, body: bytes, content_type: str) -> None:
            offsets.append((url, stream.tell()))
            write_response(writer, url, body, content_type)

        for url, body, title, published in pages(count, seed):
            save(url, body, "text/html; charset=UTF-8")
            entries.append((url, title, published))
        xml = "application/xml; charset=UTF-8"
        if sitemap_size is None:
            save(SITEMAP_URL, sitemap(entries), xml)
        else:
            children = []
            for number, first in enumerate(range(0, len(entries), sitemap_size)):
                children.append(SITEMAP_URL.replace(".xml", f"-{number + 1}.xml"))
                save(children[-1], sitemap(entries[first : first + sitemap_size]), xml)
            save(SITEMAP_URL, sitemap_index(children), xml)
    # The writer knows where each record starts: the replay need not find out.
    write_offsets(path, offsets)
    return [url for url, _, _ in entries]


def write_response(writer: WARCWriter, url: str, body: bytes, content_type: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def records(count: int, seed: int = 0) -> Iterator[dict]:
    """*count* Article records with distinct ids and bodies from the real paragraphs."""
    pool = paragraph_pool()
    rng = random.Random(seed)
    for number in range(count):
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(4, 9)))
        new_id = article_id(number)
        published = START + timedelta(days=number // 90_000, seconds=number % 86_400)
        yield {
            "url": f"https://www.hankyung.com/article/{new_id}",
            "source": "hankyung",
            "article_id": new_id,
            "title": f"{chosen[0][:30]} … 기사 {number}",
            "subtitles": [chosen[-1][:25]],
            "body": "\n\n".join(chosen),
            "authors": [{"name": "김은정", "email": "kej@hankyung.com"}],
            "dateline": None,
            "section": "경제",
            "keywords": ["반도체", "삼성전자"],
            "images": [{"url": f"https://img.hankyung.com/photo/{new_id}.jpg", "caption": None}],
            "published_at": published.isoformat(),
            "modified_at": None,
            "origin": None,
            "fetched_at": "2026-11-29T10:00:00+00:00",
            "language": "ko",
        }
