"""What a store wrote, to check after its last commit that the archive's file holds it."""

from __future__ import annotations

import sqlite3
from array import array
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from crawler.store.files import identity

_CHUNK = 400


@dataclass
class WrittenRows:
    """The rows a store wrote, as row ids and hashes of their keys, 16 bytes a row.

    Enough to check, after the last commit, that each row is still in the
    file at the archive's path under the same key, and to read back those
    that are not through the connection that wrote them.
    """

    ids: array = field(default_factory=lambda: array("q"))
    keys: array = field(default_factory=lambda: array("q"))

    def add(self, row_id: int, key: tuple[str, str]) -> None:
        self.ids.append(row_id)
        self.keys.append(hash(key))

    def __len__(self) -> int:
        return len(self.ids)

    def truncate(self, length: int) -> None:
        del self.ids[length:]
        del self.keys[length:]


@dataclass(frozen=True)
class Verification:
    """What a check of the written rows found in the file at the archive's path."""

    replaced: bool
    """The path no longer names the file this store wrote (deleted, or another file)."""
    missing: list[int]
    """Ids of written rows that are not at the path under their key."""
    run_recorded: bool
    """The store's run is there, with its end recorded."""

    @property
    def ok(self) -> bool:
        return not self.replaced and not self.missing and self.run_recorded


def check_written(
    path: Path,
    opened: tuple[int, int] | None,
    written: WrittenRows,
    run: int | None,
    timeout: float,
) -> Verification:
    """What a new connection to *path* finds of the *written* rows and the *run*.

    *opened* is the device and inode of the file the rows were written to.
    """
    if identity(path) != opened:
        return Verification(replaced=True, missing=sorted(set(written.ids)), run_recorded=False)
    missing = []
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=timeout)) as fresh:
        # Chunk by chunk, in the order written: what the check holds at once
        # does not grow with the crawl (a dict of every row would, by some
        # 150 bytes a row).
        for start in range(0, len(written), _CHUNK):
            ids = written.ids[start : start + _CHUNK]
            keys = written.keys[start : start + _CHUNK]
            found = {
                row_id: hash((source, article_id))
                for row_id, source, article_id in fresh.execute(
                    "SELECT id, source, article_id FROM articles "
                    f"WHERE id IN ({', '.join('?' * len(ids))})",
                    list(ids),
                )
            }
            missing.extend(i for i, key in zip(ids, keys, strict=True) if found.get(i) != key)
        recorded = run is None or (
            fresh.execute(
                "SELECT 1 FROM runs WHERE id = ? AND finished_at IS NOT NULL", (run,)
            ).fetchone()
            is not None
        )
    # A row written twice in the run (inserted, then updated) is missing once.
    return Verification(replaced=False, missing=sorted(set(missing)), run_recorded=recorded)
