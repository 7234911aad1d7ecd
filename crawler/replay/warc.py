"""A WARC file (``.warc`` or ``.warc.gz``) as a replay archive."""

from __future__ import annotations

import io
import logging
import zlib
from pathlib import Path
from typing import IO

import numpy as np
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

try:  # the [fast] extra: ISA-L inflates a record in a third of zlib's time
    from isal.isal_zlib import decompressobj
except ImportError:
    from zlib import decompressobj

from crawler.replay.archive import TRANSFER_HEADERS, Archive, SavedResponse
from crawler.replay.keys import key_digest
from crawler.replay.offsets import offset_table, read_offsets, write_offsets

logger = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b"
_READ_SIZE = 65_536


def looks_like_warc(path: Path) -> bool:
    """Whether *path* starts as a WARC file does (``WARC/1.x``, gzipped or not), or is empty.

    Raises :class:`zlib.error` for a gzip file that is damaged from the start.
    """
    with path.open("rb") as stream:
        head = stream.read(_READ_SIZE)
    if head.startswith(_GZIP_MAGIC):
        head = zlib.decompressobj(31).decompress(head, 16)
    return not head or head.startswith(b"WARC/")


class WarcArchive(Archive):
    """A WARC file (``.warc`` or ``.warc.gz``), as written by record mode or wget.

    Indexing a WARC means reading (and for ``.warc.gz`` decompressing) all of
    it, a tenth of a replay crawl's time. The index is therefore kept beside
    the file, in ``<name>.offsets`` (see :func:`write_offsets`), and the next
    replay of the same, unchanged file reads that instead.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.indexed_from = "offsets"
        saved = read_offsets(path)
        try:
            if saved is not None:
                self.errors, entries = saved
                self._responses, self._digests, self._offsets = offset_table(entries)
                return
        except ValueError as exc:
            logger.warning("Unreadable index of %s (%s); indexing it again", path, exc)
        self.indexed_from = "scan"
        scanned, self.errors = self._scan(path)
        try:
            write_offsets(path, scanned, self.errors)
        except OSError as exc:
            logger.info("Index of %s not saved beside it (%s)", path, exc)
        self._responses, self._digests, self._offsets = offset_table(scanned)

    def __len__(self) -> int:
        return self._responses

    def _find(self, key: str) -> int | None:
        digest = np.uint64(key_digest(key))
        at = int(np.searchsorted(self._digests, digest))
        if at < len(self._digests) and self._digests[at] == digest:
            return int(self._offsets[at])
        return None

    def _scan(self, path: Path) -> tuple[list[tuple[str, int]], int]:
        entries: list[tuple[str, int]] = []
        errors = 0
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    # Measure before asking for the offset: that reads the
                    # record to its end.
                    if _stored_length(record) < record.length:
                        errors += 1
                        logger.error("WARC record of %s in %s is cut short; skipped", url, path)
                        continue
                    if url:
                        entries.append((url.strip("<>"), records.get_record_offset()))
            except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
                errors += 1
                logger.error(
                    "WARC file %s is damaged after %d responses (%s); replaying those",
                    path,
                    len(entries),
                    exc,
                )
        return entries, errors

    def load(self, location: object) -> SavedResponse:
        with self.path.open("rb") as stream:
            start = int(location)  # type: ignore[call-overload]
            stream.seek(start)
            compressed = stream.read(2) == _GZIP_MAGIC
            stream.seek(start)
            source = io.BytesIO(_inflate_member(stream)) if compressed else stream
            record = next(iter(ArchiveIterator(source)))
            http = record.http_headers
            body = record.content_stream().read()
            status = int(http.get_statuscode() or 200)
            headers = [
                (k.encode("latin-1"), v.encode("latin-1"))
                for k, v in http.headers
                if k.lower().encode("latin-1") not in TRANSFER_HEADERS
            ]
            return SavedResponse(
                status=status,
                headers=headers,
                body=body,
                fetched_at=record.rec_headers.get_header("WARC-Date"),
            )


def _inflate_member(stream: IO[bytes]) -> bytes:
    """The gzip member (one WARC record) that starts at *stream*'s position, inflated.

    In one pass with ISA-L's inflate, 2.6 times as fast as zlib's, and in
    blocks of 64 KB rather than warcio's 16 KB: reading a record of a
    compressed WARC file takes 164 µs instead of 432. A member cut short
    gives what it holds, as warcio would.
    """
    inflate = decompressobj(31)
    parts = []
    while not inflate.eof:
        block = stream.read(_READ_SIZE)
        if not block:
            break
        parts.append(inflate.decompress(block))
    return b"".join(parts)


def _stored_length(record: ArcWarcRecord) -> int:
    """Bytes of the record's block (HTTP headers and payload) present in the file."""
    total = record.http_headers.total_len
    while chunk := record.raw_stream.read(65536):
        total += len(chunk)
    return total
