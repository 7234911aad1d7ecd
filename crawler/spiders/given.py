"""URLs given with ``-a urls=U1,U2`` and ``-a urls_file=FILE``, read as they are requested.

A re-parse of a year of recorded pages gives ``urls_file`` a hundred thousand
lines or more; held as a list they cost some 10 MB for the whole crawl. The
file is counted once when the spider starts (so that the parse worker and the
progress line know how many wait) and then read a batch at a time. A URL
listed twice is requested once: Scrapy's duplicate filter drops the second.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _listed(lines: IO[str]) -> Iterator[str]:
    """The URLs of a ``urls_file``: one per line, blank lines and ``#`` comments skipped."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


class GivenUrls:
    """The URLs of ``-a urls`` then those of ``-a urls_file``, taken in order, a batch at a time."""

    def __init__(self, urls: str | None = None, urls_file: str | None = None) -> None:
        inline = [u.strip() for u in (urls or "").split(",") if u.strip()]
        self._inline = list(dict.fromkeys(inline))
        self._path = Path(urls_file) if urls_file else None
        self._file: IO[str] | None = None
        self._listed: Iterator[str] = iter(())
        listed = 0
        if self._path is not None:
            with self._path.open(encoding="utf-8") as lines:
                listed = sum(1 for _ in _listed(lines))
        self.total = len(self._inline) + listed
        """How many URLs were given (a URL listed twice in the file counts twice)."""
        self.taken = 0

    def __len__(self) -> int:
        """URLs given and not taken yet."""
        return self.total - self.taken

    def take(self, count: int) -> Iterator[str]:
        """The next *count* URLs (every one left when *count* is 0 or less)."""
        for _ in range(len(self) if count <= 0 else min(count, len(self))):
            url = self._next()
            if url is None:  # the file lost lines since it was counted
                self.taken = self.total
                return
            self.taken += 1
            yield url

    def _next(self) -> str | None:
        if self.taken < len(self._inline):
            return self._inline[self.taken]
        if self._file is None and self._path is not None:
            self._file = self._path.open(encoding="utf-8")
            self._listed = _listed(self._file)
        url = next(self._listed, None)
        if url is None:
            self.close()
        return url

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
