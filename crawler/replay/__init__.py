"""Replay: saved responses read from a WARC file or a folder of pages, looked up by URL.

Both kinds index their responses once, at open, by URL and keep only where
each one lies (a file offset, a path), so that an archive of a hundred
thousand pages does not sit in memory; a WARC file's index is saved beside
it for the next replay. A corrupt record or file is logged and
skipped; what was indexed before it stays usable.

Modules: :mod:`~crawler.replay.archive` (what every archive is),
:mod:`~crawler.replay.keys` (the URL keys responses are found under),
:mod:`~crawler.replay.warc` and :mod:`~crawler.replay.offsets` (a WARC file
and its saved index), :mod:`~crawler.replay.folder` (a folder, its format).
The replay and record middlewares (:mod:`crawler.middlewares`) use them.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from crawler.replay.archive import Archive, ArchiveError, SavedResponse
from crawler.replay.folder import FolderArchive
from crawler.replay.warc import WarcArchive, looks_like_warc

__all__ = [
    "Archive",
    "ArchiveError",
    "FolderArchive",
    "SavedResponse",
    "WarcArchive",
    "open_archive",
]


def open_archive(path: str | Path) -> Archive:
    """Open the WARC file or folder at *path*; raise :class:`ArchiveError` if impossible."""
    path = Path(path)
    if path.is_dir():
        return FolderArchive(path)
    if path.is_file():
        try:
            if not looks_like_warc(path):
                raise ArchiveError(
                    f"{path} is not a WARC file; to replay saved pages, put them in a folder "
                    "and give the folder"
                )
            return WarcArchive(path)
        except (OSError, zlib.error) as exc:
            raise ArchiveError(f"cannot read {path}: {exc}") from exc
    raise ArchiveError(f"no WARC file or folder at {path}")
