"""The archive's file: what it must be to be written, and starting it afresh (``-O``).

Nothing here opens the file but through SQLite: closing any other descriptor
of a database file drops the POSIX locks that SQLite holds on it for the
process, and another process would then reset the WAL file under this
process's committed transactions.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from crawler.store.lock import ArchiveBusy, WriterLock

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
MIN_FREE_BYTES = 16 * 1024 * 1024


class StoreError(Exception):
    """The archive cannot be used: locked, read-only, corrupt, or no room left."""

    def __init__(self, message: str, reason: str = "other") -> None:
        super().__init__(message)
        self.reason = reason
        """``locked``, ``busy`` (another crawl writes to it and ``-O`` would empty it),
        ``readonly``, ``corrupt``, ``full``, ``newer``, ``missing`` or ``other``."""


def is_sqlite_path(path: str) -> bool:
    """True for a path that names a SQLite archive (``.db``, ``.sqlite``, ``.sqlite3``)."""
    return path.lower().endswith(SQLITE_SUFFIXES)


def check_path(path: Path, readonly: bool) -> None:
    """Raise :class:`StoreError` for a folder, or a missing file to read."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a SQLite archive", "other")
    if readonly and not path.exists():
        raise StoreError(f"no archive at {path}", "missing")


def identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at *path*, or None when there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def explain(path: Path, exc: sqlite3.DatabaseError) -> tuple[str, str]:
    """A message for a person and a :class:`StoreError` reason for SQLite's *exc*."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return f"{path} is locked by another process (is another crawl writing to it?)", "locked"
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return (
            f"{path} cannot be written: check its permissions and those of its folder",
            "readonly",
        )
    if "disk" in message and "full" in message:
        return f"no space left on the disk of {path}", "full"
    if "not a database" in message:
        return f"{path} is not a SQLite database (corrupt or another kind of file)", "corrupt"
    if "malformed" in message:
        return f"{path} is corrupt ({message}); restore a backup or start a new archive", "corrupt"
    return f"{path}: {message}", "other"


def reset_archive(path: str | Path, timeout: float = 5.0) -> None:
    """Empty the archive at *path* (``-O``), unless another process writes to it.

    A SQLite archive is emptied in place, so that a reader holding it open
    sees an empty archive rather than a deleted file; a corrupt or foreign
    file is deleted. Raise :class:`StoreError` (``busy``) when any crawl
    holds the archive open for writing.
    """
    path = Path(path)
    with exclusive_lock(path):
        if not path.exists():
            return
        try:
            _drop_everything(path, timeout)
        except sqlite3.DatabaseError as exc:
            if "not a database" not in str(exc) and "malformed" not in str(exc):
                raise StoreError(*explain(path, exc)) from exc
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


def check_may_empty(path: str | Path) -> None:
    """Raise :class:`StoreError` (``busy``) when ``-O`` would empty the archive under a crawl."""
    exclusive_lock(Path(path)).release()


def exclusive_lock(path: Path) -> WriterLock:
    """The archive's writers lock, exclusively and now, or StoreError (``busy``)."""
    try:
        return WriterLock(path, exclusive=True, timeout=0)
    except ArchiveBusy:
        raise StoreError(
            f"{path} is being written by another crawl, and -O would empty it under that "
            "crawl: wait for it to end, or add to the archive with -o",
            "busy",
        ) from None


def _drop_everything(path: Path, timeout: float) -> None:
    """Drop every table, view and trigger of the database at *path*, in one transaction."""
    with closing(sqlite3.connect(path, timeout=timeout)) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("BEGIN IMMEDIATE")
        objects = db.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        # Virtual tables first: they drop their own shadow tables.
        objects.sort(key=lambda o: (o[0] != "view", "VIRTUAL" not in (o[2] or "").upper()))
        for kind, name, _ in objects:
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        db.execute("PRAGMA user_version = 0")
        db.commit()
        db.execute("VACUUM")
