"""Discovered entries waiting to become requests, in memory up to a limit and on disk beyond.

A sitemap of 50,000 URLs (the protocol's limit), or a sitemap index of many,
would otherwise keep every entry in memory until its turn came: a replay of
100,000 pages held 40 MB of them at the start. Entries past the limit wait in
an unnamed temporary file, one JSON line each, and are read back in order.
"""

from __future__ import annotations

import json
import tempfile
from collections import deque
from typing import IO

from crawler.extract.feeds import Entry


class Backlog:
    """A first-in, first-out queue of :class:`Entry` that keeps at most *in_memory* in memory."""

    def __init__(self, in_memory: int) -> None:
        self.in_memory = max(1, in_memory)
        self._head: deque[Entry] = deque()
        self._file: IO[bytes] | None = None
        self._read_at = 0
        self._on_disk = 0

    def __len__(self) -> int:
        return len(self._head) + self._on_disk

    def __bool__(self) -> bool:
        return bool(self._head) or self._on_disk > 0

    @property
    def on_disk(self) -> int:
        """Entries waiting in the file."""
        return self._on_disk

    def append(self, entry: Entry) -> None:
        # Once entries wait on disk, newer ones go after them, never before.
        if not self._on_disk and len(self._head) < self.in_memory:
            self._head.append(entry)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._file.seek(0, 2)
        fields = [entry.url, entry.title, entry.published_at, entry.lastmod, entry.author]
        self._file.write(json.dumps(fields, ensure_ascii=False).encode() + b"\n")
        self._on_disk += 1

    def popleft(self) -> Entry:
        if not self._head and self._on_disk:
            self._read_back()
        return self._head.popleft()

    def _read_back(self) -> None:
        assert self._file is not None
        self._file.seek(self._read_at)
        for _ in range(min(self.in_memory, self._on_disk)):
            self._head.append(Entry(*json.loads(self._file.readline())))
            self._on_disk -= 1
        self._read_at = self._file.tell()
        if not self._on_disk:
            # All read back: start the file over instead of letting it grow.
            self._file.seek(0)
            self._file.truncate()
            self._read_at = 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._head.clear()
        self._on_disk = 0
