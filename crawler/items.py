"""The Article record: the output contract of every spider.

Field names are stable: exporters, the store and downstream users rely on
them. Add fields at the end; never rename one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from itemadapter import ItemAdapter


@dataclass
class Author:
    """A reporter credited on an article."""

    name: str
    """Name as printed, without the role word (기자, 특파원 …)."""
    email: str | None = None
    """E-mail address from the byline or the reporter box, lower-cased."""


@dataclass
class Image:
    """A photo of the article, kept out of the body."""

    url: str
    """Absolute URL of the image file."""
    caption: str | None = None
    """Caption shown under the photo, or None when the page has none."""


@dataclass
class Article:
    """One news article, as parsed from its page."""

    url: str
    """Canonical URL of the article (the site's own form, no tracking parameters)."""
    source: str
    """Key of the site module that parsed it (``hankyung``) or ``generic``."""
    article_id: str | None
    """The site's own id (``202406120618i``); with ``source`` the article's key."""
    title: str
    """Headline as printed on the page, quotation marks included."""
    subtitles: list[str] = field(default_factory=list)
    """Sub-headlines above the body, one entry per line."""
    body: str = ""
    """Article text: paragraphs in order, joined by a blank line, with no byline,
    caption, copyright line or page furniture."""
    authors: list[Author] = field(default_factory=list)
    """Reporters, in the order the page credits them."""
    dateline: str | None = None
    """Place the story was filed from when the byline names one (``베이징``)."""
    section: str | None = None
    """The site's section label (``경제 일반``)."""
    keywords: list[str] = field(default_factory=list)
    """Tags the newsroom attached to the article."""
    images: list[Image] = field(default_factory=list)
    """Photos inside the article, with their captions."""
    published_at: str | None = None
    """First publication time, ISO 8601 with the +09:00 offset."""
    modified_at: str | None = None
    """Last update time, ISO 8601 with +09:00; never earlier than ``published_at``."""
    origin: str | None = None
    """Wire service the copy comes from (연합뉴스, 뉴시스, 뉴스1), else None."""
    fetched_at: str | None = None
    """When the page was downloaded, ISO 8601 in UTC."""
    language: str = "ko"
    """ISO 639-1 code of the article text."""
    duplicate_of: str | None = None
    """URL of the first-seen record this one duplicates (the same story under
    another key, or wire copy republished by another outlet), else None."""


ARTICLE_FIELD_NAMES = tuple(f.name for f in fields(Article))
"""Article fields in record order: the key order of records and the columns of the archive."""


def as_record(item: Any) -> dict[str, Any]:
    """*item* as a plain dict of plain values, the form pipelines and exporters work on.

    An :class:`Article` is copied field by field (its authors and images
    become dicts, its lists new lists); anything else goes through
    itemadapter, whose generic walk checks every nested value against every
    item type it knows and cost a replay crawl a millisecond per item per call.
    """
    if not isinstance(item, Article):
        return ItemAdapter(item).asdict()
    record = {name: getattr(item, name) for name in ARTICLE_FIELD_NAMES}
    record["subtitles"] = list(item.subtitles)
    record["keywords"] = list(item.keywords)
    record["authors"] = [{"name": a.name, "email": a.email} for a in item.authors]
    record["images"] = [{"url": i.url, "caption": i.caption} for i in item.images]
    return record
