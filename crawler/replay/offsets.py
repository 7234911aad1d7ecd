"""The index of a WARC file, kept beside it: where each response record starts.

Indexing a WARC means reading (and for ``.warc.gz`` decompressing) all of it,
a tenth of a replay crawl's time; ``<name>.offsets`` lets the next replay of
the same, unchanged file skip that, and :func:`offset_table` keeps the index
in memory as two sorted arrays.
"""

from __future__ import annotations

import json
import logging
import os
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import numpy as np

from crawler.replay.keys import index_keys, key_digest

logger = logging.getLogger(__name__)

_OFFSETS_VERSION = 1
_ALIAS_RANK = 1 << 62
"""Added to an alias key's rank: after every URL's own key."""


def offset_table(entries: Iterable[tuple[str, int]]) -> tuple[int, np.ndarray, np.ndarray]:
    """The count of *entries*, the sorted 64-bit digests of their lookup keys,
    and the record offset of each digest.

    Sixteen bytes a key instead of a dictionary entry's hundred and seventy
    (a URL string, an int and the slot): a replay of a million pages keeps
    its index in 30 MB, and builds it in arrays of the same size. As in
    :meth:`Archive.add`, a URL's own key goes to its last record (a page
    fetched again), a canonical alias to the first record that has it, and
    never over a URL's own key.
    """
    digests, ranks, offsets = array("Q"), array("q"), array("q")
    count = 0
    for count, (url, offset) in enumerate(entries, start=1):
        exact, canonical = index_keys(url)
        digests.append(key_digest(exact))
        ranks.append(-count)
        offsets.append(offset)
        if canonical and canonical != exact:
            digests.append(key_digest(canonical))
            ranks.append(_ALIAS_RANK + count)
            offsets.append(offset)
    keys = np.frombuffer(digests, dtype=np.uint64)
    order = np.lexsort((np.frombuffer(ranks, dtype=np.int64), keys))
    keys = keys[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return count, keys[first], np.frombuffer(offsets, dtype=np.int64)[order][first]


def offsets_path(warc: Path) -> Path:
    """Where the index of the WARC file *warc* is kept: beside it, ``<name>.offsets``."""
    return warc.with_name(warc.name + ".offsets")


def write_offsets(warc: Path, entries: Iterable[tuple[str, int]], errors: int = 0) -> None:
    """Save where each response record of *warc* starts, for the next replay.

    A header line (JSON) names the WARC file's size and modification time, so
    that an index of a file since appended to, cut short or replaced is not
    trusted; then one ``offset<TAB>url`` line per record. Written to a
    temporary file and renamed, so a reader never sees half an index.
    """
    stat = warc.stat()
    header = {
        "version": _OFFSETS_VERSION,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "errors": errors,
    }
    target = offsets_path(warc)
    # A file of this process's own: two replays indexing one archive at once
    # must not write into the same partial file.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            out.write(json.dumps(header) + "\n")
            out.writelines(f"{offset}\t{url}\n" for url, offset in entries)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def read_offsets(warc: Path) -> tuple[int, Iterator[tuple[str, int]]] | None:
    """The count of damaged records in *warc* and its saved index, read lazily
    (``(url, offset)`` pairs; a malformed line raises ValueError); None when
    there is none, or it does not describe the file as it is now."""
    target = offsets_path(warc)
    try:
        lines = target.open(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.warning("Unreadable index %s (%s); indexing %s again", target, exc, warc)
        return None
    try:
        header = json.loads(lines.readline() or "{}")
        stat = warc.stat()
        current = (header.get("version"), header.get("size"), header.get("mtime_ns"))
    except (OSError, ValueError, AttributeError) as exc:
        lines.close()
        logger.warning("Unreadable index %s (%s); indexing %s again", target, exc, warc)
        return None
    if current != (_OFFSETS_VERSION, stat.st_size, stat.st_mtime_ns):
        lines.close()
        logger.info("%s is out of date; indexing %s again", target, warc)
        return None
    errors = int(header.get("errors") or 0)
    if errors:
        logger.error("WARC file %s has %d damaged records (per its index); skipped", warc, errors)
    return errors, _offset_lines(lines)


def _offset_lines(lines: IO[str]) -> Iterator[tuple[str, int]]:
    with lines:
        for line in lines:
            offset, _, url = line.rstrip("\n").partition("\t")
            yield url, int(offset)
