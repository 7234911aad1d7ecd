"""Replay archives of real-size article pages, for the re-parse benchmark and its tests.

Each generated page is one of the saved article pages of hankyung (2024 and
2026 layouts) and mk (six pages), whole — 104 to 138 KB, navigation, scripts
and all, as a re-parse of a year of recorded pages meets them — with a new
id (in its URL, canonical link and every other place the page repeats it),
a new headline and a body of real paragraphs drawn from every saved page.
Pages take the templates in turn, so a run of any length mixes the layouts.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.warcwriter import WARCWriter

from crawler.replay.offsets import write_offsets
from tests.synthetic import FIXTURES, body_span, paragraph_pool, write_response

TEMPLATES = (
    "hankyung/article-202401298662Y",
    "hankyung/article-2026042037091",
    "mk/news-business-10932589",
    "mk/news-politics-11333783",
    "mk/news-realestate-11329112",
    "mk/news-society-11328184",
    "mk/news-stock-11330362",
    "mk/news-world-11331368",
)


@dataclass(frozen=True)
class Template:
    """A saved page and what identifies its article in it."""

    page: str
    url: str
    article_id: str
    title: str
    paragraphs: tuple[str, ...]

    @classmethod
    def load(cls, case: str) -> Template:
        record = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
        return cls(
            page=(FIXTURES / f"{case}.html").read_text(encoding="utf-8"),
            url=record["url"],
            article_id=record["article_id"],
            title=record["title"],
            paragraphs=tuple(record["body"].split("\n\n")),
        )

    def new_id(self, number: int) -> str:
        """An id of the template's own form: 13 characters on hankyung, 8 digits on mk."""
        if len(self.article_id) == 13:
            return f"2026{number:09d}"
        return f"{30_000_000 + number:08d}"

    def fill(self, number: int, title: str, paragraphs: list[str]) -> tuple[str, bytes]:
        """The page of article *number*: its URL and its bytes."""
        page = self.page
        if not all(html.escape(p, quote=False) in page for p in self.paragraphs):
            # The 2026 hankyung page: its paragraphs are split by markup the
            # record's text does not show, so the body's whole text is replaced.
            start, end = body_span(page)
            body = "<br><br>".join(html.escape(p, quote=False) for p in paragraphs)
            page = page[:start] + body + page[end:]
        else:
            chosen = iter(paragraphs * (len(self.paragraphs) // len(paragraphs) + 1))
            for old in self.paragraphs:
                page = page.replace(
                    html.escape(old, quote=False), html.escape(next(chosen), quote=False), 1
                )
        for form in (self.title, html.escape(self.title), self.title.replace("'", "&#039;")):
            page = page.replace(form, html.escape(title, quote=False))
        new_id = self.new_id(number)
        return self.url.replace(self.article_id, new_id), page.replace(
            self.article_id, new_id
        ).encode()


def pages(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """``(url, body)`` of *count* real-size pages, the templates taken in turn."""
    templates = [Template.load(case) for case in TEMPLATES]
    pool = paragraph_pool()
    rng = random.Random(seed)
    for number in range(count):
        chosen = rng.sample(pool, k=rng.randint(5, 12))
        title = f"{chosen[0][:30]} … 기사 {number}"
        yield templates[number % len(templates)].fill(number, title, chosen)


def write_archive(path: Path, count: int, seed: int = 0) -> list[str]:
    """A WARC file of *count* real-size pages; their URLs, for ``-a urls_file``."""
    offsets: list[tuple[str, int]] = []
    urls = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.suffix == ".gz")
        for url, body in pages(count, seed):
            offsets.append((url, stream.tell()))
            write_response(writer, url, body, "text/html; charset=UTF-8")
            urls.append(url)
    write_offsets(path, offsets)
    return urls
