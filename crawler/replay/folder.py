"""A folder of saved pages as a replay archive.

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
import json
import logging
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.replay.archive import TRANSFER_HEADERS, Archive, SavedResponse

logger = logging.getLogger(__name__)

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
            headers=[(k, v) for k, v in headers if k.lower() not in TRANSFER_HEADERS],
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
