"""Saved responses: read from a WARC file or a folder of pages, looked up by URL.

Both kinds index their responses once, at open, by URL and keep only where
each one lies (a file offset, a path), so that an archive of a hundred
thousand pages does not sit in memory; a WARC file's index is saved beside
it for the next replay. A corrupt record or file is logged and
skipped; what was indexed before it stays usable.

Folder format::

    manifest.jsonl   one JSON object per line: {"url": …, "file": …}
                     with optional "status" (int), "headers" ({name: value})
                     and "fetched_at" (ISO 8601)
    *.html, *.html.gz, *.xml, …   the saved bodies, paths relative to the folder

Pages not named in the manifest (or all pages, when there is none) are served
under the URL their own ``<link rel="canonical">`` or ``og:url`` gives; a feed or
sitemap that names no URL of its own (most do not) is served for a request
whose last path segment its file name contains as a word (``/feed/economy`` →
``rss-feed-economy-20260420.xml``), when exactly one file matches. Files in
subfolders are included, except in a subfolder with a manifest of its own.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import mimetypes
import os
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

try:  # the [fast] extra: ISA-L inflates a record in a third of zlib's time
    from isal.isal_zlib import decompressobj
except ImportError:
    from zlib import decompressobj

from crawler.sites import site_for_url

logger = logging.getLogger(__name__)

# Headers that describe the transfer, not the content: bodies are stored (or
# read back) decoded, so these would make Scrapy decode them a second time.
_TRANSFER_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
_GZIP_MAGIC = b"\x1f\x8b"
_READ_SIZE = 65_536
_NOT_PAGES = (
    ".json",
    ".jsonl",
    ".txt",
    ".md",
    ".tsv",
    ".csv",
    ".py",
    ".warc",
    ".warc.gz",
    ".offsets",
    ".partial",
)
_XML_ROOT = re.compile(rb"<(?:rss|urlset|sitemapindex|feed|rdf:RDF)\b")
_SCAN_BYTES = 256 * 1024
_OFFSETS_VERSION = 1
_ALIAS_RANK = 1 << 62
"""Added to an alias key's rank: after every URL's own key."""
_CANONICAL = re.compile(
    rb"""<link\b(?=[^>]*\brel\s*=\s*["']?canonical\b)[^>]*\bhref\s*=\s*["']?([^"'\s>]+)""",
    re.IGNORECASE,
)
_OG_URL = re.compile(
    rb"""<meta\b(?=[^>]*\bproperty\s*=\s*["']?og:url\b)[^>]*\bcontent\s*=\s*["']?([^"'\s>]+)""",
    re.IGNORECASE,
)
_FEED_SELF = re.compile(
    rb"""<atom:link\b(?=[^>]*\brel\s*=\s*["']self["'])[^>]*\bhref\s*=\s*["']([^"']+)""",
    re.IGNORECASE,
)


class ArchiveError(Exception):
    """An archive that cannot be opened at all."""


@dataclass
class SavedResponse:
    """One saved HTTP response, body decoded."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    fetched_at: str | None = None


def lookup_keys(url: str) -> list[str]:
    """Keys under which a request for *url* may be saved, most specific first.

    The exact URL in canonical form, the same with the other scheme (feeds
    are still linked over http), and the site's canonical article URL, so
    that a mobile or tracking-parameter variant finds the saved page.
    """
    exact, canonical = index_keys(url)
    keys = [exact]
    parts = urlsplit(exact)
    other = {"http": "https", "https": "http"}.get(parts.scheme)
    if other:
        keys.append(urlunsplit(parts._replace(scheme=other)))
    if canonical:
        keys.append(canonical)
    return list(dict.fromkeys(keys))


def index_keys(url: str) -> tuple[str, str | None]:
    """The keys a response saved for *url* is found under: the URL in canonical
    form, and its site's canonical article URL (None when it has none)."""
    site = site_for_url(url)
    canonical = site.canonical_url(url) if site else None
    return canonicalize_url(url), canonicalize_url(canonical) if canonical else None


def _key_digest(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


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
                self._responses, self._digests, self._offsets = _offset_table(entries)
                return
        except ValueError as exc:
            logger.warning("Unreadable index of %s (%s); indexing it again", path, exc)
        self.indexed_from = "scan"
        scanned, self.errors = self._scan(path)
        try:
            write_offsets(path, scanned, self.errors)
        except OSError as exc:
            logger.info("Index of %s not saved beside it (%s)", path, exc)
        self._responses, self._digests, self._offsets = _offset_table(scanned)

    def __len__(self) -> int:
        return self._responses

    def _find(self, key: str) -> int | None:
        digest = np.uint64(_key_digest(key))
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
                if k.lower().encode("latin-1") not in _TRANSFER_HEADERS
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


def _offset_table(entries: Iterable[tuple[str, int]]) -> tuple[int, np.ndarray, np.ndarray]:
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
        digests.append(_key_digest(exact))
        ranks.append(-count)
        offsets.append(offset)
        if canonical and canonical != exact:
            digests.append(_key_digest(canonical))
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


def _stored_length(record: ArcWarcRecord) -> int:
    """Bytes of the record's block (HTTP headers and payload) present in the file."""
    total = record.http_headers.total_len
    while chunk := record.raw_stream.read(65536):
        total += len(chunk)
    return total


@dataclass(frozen=True)
class _SavedFile:
    path: Path
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    fetched_at: str | None = None


class FolderArchive(Archive):
    """A folder of saved pages with an optional ``manifest.jsonl``."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._nameless: list[Path] = []
        listed = self._read_manifest(path / "manifest.jsonl")
        # A subfolder with a manifest of its own is another archive.
        others = [m.parent for m in path.rglob("manifest.jsonl") if m.parent != path]
        for file in sorted(path.rglob("*")):
            if any(other in file.parents for other in others):
                continue
            if file.is_file() and file.resolve() not in listed:
                self._add_unlisted(file)

    def _read_manifest(self, manifest: Path) -> set[Path]:
        listed: set[Path] = set()
        if not manifest.exists():
            return listed
        with manifest.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    file = (self.path / entry["file"]).resolve()
                    saved = _SavedFile(
                        path=file,
                        status=int(entry.get("status", 200)),
                        headers=tuple((entry.get("headers") or {}).items()),
                        fetched_at=entry.get("fetched_at"),
                    )
                    url = entry["url"]
                except (ValueError, KeyError, TypeError) as exc:
                    self.errors += 1
                    logger.error("%s line %d skipped: %s", manifest, number, exc)
                    continue
                if not file.is_file():
                    self.errors += 1
                    logger.error("%s line %d names a missing file: %s", manifest, number, file)
                    continue
                listed.add(file)
                self.add(url, saved)
        listed.add(manifest.resolve())
        return listed

    def _add_unlisted(self, file: Path) -> None:
        name = file.name.lower()
        if name.endswith(_NOT_PAGES) or name.startswith("."):
            return
        try:
            head = _read_body(file)[:_SCAN_BYTES]
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            self.errors += 1
            logger.error("Saved page %s is unreadable: %s", file, exc)
            return
        match = _CANONICAL.search(head) or _OG_URL.search(head) or _FEED_SELF.search(head)
        if match is None and _XML_ROOT.search(head[:2048]):
            # A feed or sitemap names no URL of its own: it is served for a
            # request whose last path segment its file name contains.
            self._nameless.append(file)
            return
        if match is None:
            logger.warning("No URL for saved file %s: list it in manifest.jsonl", file)
            self.errors += 1
            return
        self.add(match.group(1).decode("utf-8", "replace").replace("&amp;", "&"), _SavedFile(file))

    def get(self, url: str) -> SavedResponse | None:
        saved = super().get(url)
        if saved is not None or not self._nameless:
            return saved
        segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".xml")
        if not segment:
            return None
        word = re.compile(rf"(?<![0-9a-z]){re.escape(segment.lower())}(?![0-9a-z])")
        found = [f for f in self._nameless if word.search(f.name.lower())]
        if len(found) != 1:
            return None
        logger.info("Serving %s for %s by its file name", found[0].name, url)
        return self.load(_SavedFile(found[0]))

    def load(self, location: object) -> SavedResponse:
        assert isinstance(location, _SavedFile)
        headers = [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in location.headers]
        if not any(k.lower() == b"content-type" for k, _ in headers):
            headers.append((b"Content-Type", _content_type(location.path).encode()))
        return SavedResponse(
            status=location.status,
            headers=[(k, v) for k, v in headers if k.lower() not in _TRANSFER_HEADERS],
            body=_read_body(location.path),
            fetched_at=location.fetched_at,
        )


def _read_body(path: Path) -> bytes:
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as stream:
            return stream.read()
    return path.read_bytes()


def _content_type(path: Path) -> str:
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    guessed = mimetypes.guess_type(name)[0]
    return guessed or "text/html"


def open_archive(path: str | Path) -> Archive:
    """Open the WARC file or folder at *path*; raise :class:`ArchiveError` if impossible."""
    path = Path(path)
    if path.is_dir():
        return FolderArchive(path)
    if path.is_file():
        try:
            return WarcArchive(path)
        except OSError as exc:
            raise ArchiveError(f"cannot read {path}: {exc}") from exc
    raise ArchiveError(f"no WARC file or folder at {path}")
