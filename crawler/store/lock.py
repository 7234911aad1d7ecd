"""Which processes are writing to an archive: a lock file beside it.

SQLite's own locks last one transaction; between two batches a crawl holds
none, and nothing in the database says that it is still writing. Every
writer therefore holds a shared ``flock`` on ``<archive>.writers.lock`` for
as long as its connection is open, and ``-O`` (a fresh archive) needs that
lock exclusively and refuses at once when any writer holds it, instead of
emptying the archive under a live crawl.

``flock`` is used, not ``fcntl`` byte-range locks: those belong to the
process, and closing *any* descriptor of the locked file releases them all
(the trap that lost a crawl's batches when the database file itself was
opened and closed beside a live SQLite connection). The lock file is never
deleted: deleting a lock file lets two processes lock two different files.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

LOCK_SUFFIX = ".writers.lock"
_POLL_SECONDS = 0.05


class ArchiveBusy(Exception):
    """Another process writes to the archive (shared) or is replacing it (exclusive)."""


def lock_path(archive: str | Path) -> Path:
    """The lock file of the archive at *archive*."""
    return Path(f"{archive}{LOCK_SUFFIX}")


class WriterLock:
    """A shared or exclusive ``flock`` on an archive's lock file, held until :meth:`release`."""

    def __init__(self, archive: str | Path, *, exclusive: bool, timeout: float) -> None:
        """Take the lock, waiting up to *timeout* seconds (0: not at all).

        Raise :class:`ArchiveBusy` when it cannot be had in that time.
        """
        self.path = lock_path(archive)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._fd, mode)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self.release()
                    raise ArchiveBusy(str(archive)) from None
                time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
