"""A set of 64-bit keys that costs 8 bytes a key, for what a crawl has met.

A Python ``set`` of ints or of 20-byte fingerprints costs 60 to 90 bytes an
entry, and a crawl keeps two that grow with every page: Scrapy's request
fingerprints and the deduplication's keys of this run. Here the keys live in
a sorted NumPy array, looked up by binary search; new keys wait in a small
set and are merged into the array when it fills, so memory stays flat
however large the archive.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

Key = int | bytes
"""An int in the signed 64-bit range (``hash()`` gives one), or bytes of which
the first eight are the key (a SHA-1 fingerprint: 64 bits of it collide once
in about 10¹⁹ pairs)."""


def _int(key: Key) -> int:
    if isinstance(key, bytes):
        return int.from_bytes(key[:8], "little", signed=True)
    return key


class KeySet:
    """A growing set of 64-bit keys: ``in``, ``add``, ``update`` and ``len``."""

    def __init__(self, keys: Iterable[Key] = (), pending: int = 16_384) -> None:
        self._sorted = np.empty(0, dtype=np.int64)
        self._pending: set[int] = set()
        self._pending_max = pending
        self.update(keys)

    def __contains__(self, key: Key) -> bool:
        value = _int(key)
        if value in self._pending:
            return True
        at = int(self._sorted.searchsorted(value))
        return at < len(self._sorted) and int(self._sorted[at]) == value

    def __len__(self) -> int:
        self._merge()
        return len(self._sorted)

    def add(self, key: Key) -> None:
        self._pending.add(_int(key))
        if len(self._pending) >= self._pending_max:
            self._merge()

    def update(self, keys: Iterable[Key]) -> None:
        for key in keys:
            self.add(key)

    def _merge(self) -> None:
        """Move the pending keys into the sorted array, leaving out those already in it."""
        if not self._pending:
            return
        new = np.fromiter(self._pending, dtype=np.int64, count=len(self._pending))
        self._pending.clear()
        new.sort()
        at = self._sorted.searchsorted(new)
        if len(self._sorted):
            new, at = _absent(self._sorted, new, at)
        self._sorted = np.insert(self._sorted, at, new)


def _absent(
    sorted_keys: np.ndarray, new: np.ndarray, at: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The *new* keys not in *sorted_keys*, with their insertion points *at*."""
    present = sorted_keys[np.minimum(at, len(sorted_keys) - 1)] == new
    return new[~present], at[~present]
