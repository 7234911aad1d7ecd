"""Deduplication state kept in SQLite, so that tomorrow's run knows today's articles.

Lives in the crawl's SQLite archive (tables ``dedupe_bodies``,
``dedupe_signatures``, ``dedupe_bands`` of schema version 2), or in a
database of its own, or in memory. Nothing is loaded at start-up: each
decision is a few indexed lookups, so a ten-year archive opens as fast as an
empty one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np

from crawler.dedupe.minhash import MinHasher, band_keys, bands_for, comparable_text, similarity
from crawler.store.sqlite import ArticleStore, content_hash, migrate


class Verdict(Enum):
    UNIQUE = "unique"
    SAME_KEY = "same_key"
    """The article was already seen in this run (another URL of it, or a re-fetch)."""
    UNCHANGED = "unchanged"
    """Stored by an earlier run with the same content and no later update."""
    UPDATED = "updated"
    """Stored by an earlier run, and changed since: the store updates it in place."""
    EXACT = "exact"
    """Another article has the same body (after normalisation)."""
    NEAR = "near"
    """Another article's body is a near duplicate (wire copy, light edits)."""


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    duplicate_of: str | None = None


class DedupeIndex:
    """Decides whether a record is new, a re-fetch, an update, or a duplicate."""

    def __init__(
        self,
        path: str | Path | None,
        threshold: float = 0.7,
        num_perm: int = 64,
        commit_every: int = 1,
    ) -> None:
        if path is None:
            self.db = sqlite3.connect(":memory:")
            migrate(self.db)
        else:
            self.db = ArticleStore(path).db
        # 64 MB of page cache: the band and signature B-trees of a million
        # records stay mostly in memory instead of being read back per lookup.
        self.db.execute("PRAGMA cache_size = -65536")
        self.threshold = threshold
        self.hasher = MinHasher(num_perm)
        self.bands, self.rows = bands_for(threshold, num_perm)
        self._seen: set[tuple[str, str]] = set()
        self.commit_every = commit_every
        """Decisions per transaction. 1 when the state shares its file with a
        crawl's archive (a write transaction held open would block the feed's
        writer in the same thread); a bulk run alone on its file can batch."""
        self._uncommitted = 0

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def decide(self, record: dict) -> Decision:
        """Classify *record* and remember it; the caller acts on the verdict."""
        key = (record["source"], record.get("article_id") or record["url"])
        if key in self._seen:
            return Decision(Verdict.SAME_KEY)
        self._seen.add(key)
        stored = self.db.execute(
            "SELECT content_hash, modified_at FROM articles WHERE source = ? AND article_id = ?",
            key,
        ).fetchone()
        if stored is not None:
            newer = record.get("modified_at") and (
                stored[1] is None or record["modified_at"] > stored[1]
            )
            if content_hash(record) == stored[0] and not newer:
                return Decision(Verdict.UNCHANGED)
            return Decision(Verdict.UPDATED)
        return self._compare_body(record["url"], record.get("body") or "")

    def _compare_body(self, url: str, body: str) -> Decision:
        text = comparable_text(body)
        if not text:
            return Decision(Verdict.UNIQUE)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        try:
            return self._compare(url, text, digest)
        finally:
            self._uncommitted += 1
            if self._uncommitted >= self.commit_every:
                self.db.commit()
                self._uncommitted = 0

    def _compare(self, url: str, text: str, digest: str) -> Decision:
        first = self.db.execute(
            "SELECT url FROM dedupe_bodies WHERE body_hash = ?", (digest,)
        ).fetchone()
        if first is not None:
            return Decision(Verdict.EXACT, first[0])
        self.db.execute("INSERT INTO dedupe_bodies (body_hash, url) VALUES (?, ?)", (digest, url))
        signature = self.hasher.signature_of_comparable(text)
        buckets = band_keys(signature, self.bands, self.rows)
        near = self._near(signature, buckets)
        self.db.execute(
            "INSERT OR REPLACE INTO dedupe_signatures (url, signature, duplicate_of) "
            "VALUES (?, ?, ?)",
            (url, signature.tobytes(), near),
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO dedupe_bands (band, bucket, url) VALUES (?, ?, ?)",
            [(band, bucket, url) for band, bucket in enumerate(buckets)],
        )
        return Decision(Verdict.NEAR, near) if near else Decision(Verdict.UNIQUE)

    def _near(self, signature: np.ndarray, buckets: list[int]) -> str | None:
        # OR of equalities, not a row-value IN: SQLite answers the first with
        # one primary-key search per band, the second with a full scan.
        matches = " OR ".join("(b.band = ? AND b.bucket = ?)" for _ in buckets)
        rows = self.db.execute(
            "SELECT s.url, s.signature, s.duplicate_of FROM dedupe_bands b "
            f"JOIN dedupe_signatures s USING (url) WHERE {matches}",
            [part for band, bucket in enumerate(buckets) for part in (band, bucket)],
        ).fetchall()
        best: tuple[float, str] | None = None
        for url, blob, root in rows:
            score = similarity(signature, np.frombuffer(blob, dtype=np.uint32))
            if score >= self.threshold and (best is None or score > best[0]):
                # A duplicate's own original is the first-seen record of the story.
                best = (score, root or url)
        return best[1] if best else None
