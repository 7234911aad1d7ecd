"""What every replay archive is: saved responses, found by URL (see :mod:`crawler.replay`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crawler.replay.keys import index_keys, lookup_keys

TRANSFER_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
"""Headers that describe the transfer, not the content: bodies are stored (or
read back) decoded, so these would make Scrapy decode them a second time."""


class ArchiveError(Exception):
    """An archive that cannot be opened at all."""


@dataclass
class SavedResponse:
    """One saved HTTP response, body decoded."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    fetched_at: str | None = None


@dataclass
class Archive:
    """Saved responses indexed by URL; subclasses know where the bytes are."""

    path: Path
    errors: int = 0
    """Records or files that could not be read while indexing."""
    indexed_from: str = "scan"
    """``scan`` when the archive was read through to index it, ``offsets``
    when a WARC file's saved index was used."""
    _index: dict[str, object] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self._index)

    def add(self, url: str, location: object) -> None:
        """Index *location* under *url* and under its site's canonical article URL."""
        exact, canonical = index_keys(url)
        self._index[exact] = location
        if canonical:
            self._index.setdefault(canonical, location)

    def get(self, url: str) -> SavedResponse | None:
        """The saved response for *url*, or None when the archive has none."""
        for key in lookup_keys(url):
            location = self._find(key)
            if location is not None:
                return self.load(location)
        return None

    def _find(self, key: str) -> object | None:
        return self._index.get(key)

    def load(self, location: object) -> SavedResponse:
        raise NotImplementedError
