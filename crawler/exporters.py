"""A feed export beyond Scrapy's own: gzipped JSON Lines.

``-O articles.jsonl.gz`` writes gzipped JSON Lines (``-o`` appends a gzip
member, which readers of gzip concatenate). The archive (``-o data/articles.db``)
is no feed: the store pipeline writes it (:mod:`crawler.pipelines.store`).
"""

from __future__ import annotations

import gzip
from typing import IO, Any

from scrapy.exporters import JsonLinesItemExporter


class GzipJsonLinesItemExporter(JsonLinesItemExporter):
    """JSON Lines compressed with gzip (``-O articles.jsonl.gz``)."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        self._gzip = gzip.GzipFile(fileobj=file, mode="wb")
        super().__init__(self._gzip, **kwargs)

    def finish_exporting(self) -> None:
        self._gzip.close()
