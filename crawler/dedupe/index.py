"""Deduplication state kept in SQLite, so that tomorrow's run knows today's articles.

Lives in the crawl's SQLite archive (tables ``dedupe_documents``,
``dedupe_buckets`` and ``dedupe_meta``), or in a database of its own, or in
memory. Nothing is loaded at start-up: each decision is one indexed lookup
and, for a new body, two inserts, so a ten-year archive opens as fast as an
empty one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from crawler.dedupe.minhash import (
    MinHasher,
    band_keys,
    bands_for,
    body_digest,
    comparable_codes,
    similarity,
)
from crawler.store.records import content_hash, is_changed
from crawler.store.schema import migrate
from crawler.store.sqlite import ArticleStore
from crawler.utils.keyset import KeySet

logger = logging.getLogger(__name__)


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
        cache_mb: int = 2,
        timeout: float = 5.0,
    ) -> None:
        self.store: ArticleStore | None = None
        if path is None:
            self.db = sqlite3.connect(":memory:")
            migrate(self.db)
        else:
            self.store = ArticleStore(path, timeout=timeout)
            self.db = self.store.db
        # The bucket table's pages stay in memory instead of being read back
        # per lookup, and a long transaction's dirty pages are written once.
        self.db.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
        self.threshold = threshold
        self.hasher = MinHasher(num_perm)
        self.bands, self.rows = bands_for(threshold, num_perm)
        self._seen = KeySet()
        """Hashes of the (source, key) pairs met in this run, 8 bytes each: the
        chance that two keys of a run of a million articles share one is about
        3 in 100 million."""
        self.commit_every = commit_every
        """Decisions per transaction. A transaction held open keeps the file's
        write lock: a crawl whose state shares the archive's file commits it
        whenever the archive writes (:data:`crawler.signals.archive_writing`),
        and batches only where decisions come fast (a replay), so that another
        crawl of the same archive waits a fraction of a second at most."""
        self._uncommitted = 0
        keys = self.bands + 1  # the body's digest and one key per band
        self._lookup = (
            "SELECT b.bucket, d.url, d.signature, d.duplicate_of FROM dedupe_buckets b "
            "JOIN dedupe_documents d ON d.id = b.document "
            f"WHERE b.bucket IN ({', '.join('?' * keys)})"
        )
        self._insert_buckets = "INSERT OR IGNORE INTO dedupe_buckets (bucket, document) VALUES " + (
            ", ".join(["(?, ?)"] * keys)
        )
        self._check_banding()

    def commit(self) -> None:
        """Commit the decisions made since the last commit."""
        self.db.commit()
        self._uncommitted = 0

    def close(self) -> bool:
        """Commit and close; False when the state's path no longer names the file written."""
        self.commit()
        if self.store is None:
            self.db.close()
            return True
        intact = not self.store.verify().replaced
        self.store.close()
        return intact

    def _check_banding(self) -> None:
        """Rebuild the band buckets when the state was banded otherwise.

        Band keys depend on the threshold (bands times rows); a state built
        with another ``DEDUPE_THRESHOLD``, or carried over from schema
        version 2, has its buckets rebuilt from the stored signatures, once.
        """
        meta = dict(self.db.execute("SELECT name, value FROM dedupe_meta").fetchall())
        banding = f"{self.bands}x{self.rows}"
        first = self.db.execute("SELECT signature FROM dedupe_documents LIMIT 1").fetchone()
        if first is not None and len(first[0]) != 4 * self.hasher.num_perm:
            raise ValueError(
                f"the deduplication state has signatures of {len(first[0]) // 4} values, "
                f"not DEDUPE_NUM_PERM={self.hasher.num_perm}: set it back, or start "
                "another state with DEDUPE_PATH"
            )
        if meta.get("banding") == banding:
            return
        if first is not None:
            count = self._rebuild_buckets()
            logger.info("Deduplication buckets rebuilt for bands %s: %d documents", banding, count)
        self.db.execute(
            "INSERT OR REPLACE INTO dedupe_meta (name, value) VALUES ('banding', ?)", (banding,)
        )
        self.db.commit()

    def _rebuild_buckets(self) -> int:
        self.db.execute("DELETE FROM dedupe_buckets")
        count = last = 0
        while True:
            chunk = self.db.execute(
                "SELECT id, body_hash, signature FROM dedupe_documents "
                "WHERE id > ? ORDER BY id LIMIT 1000",
                (last,),
            ).fetchall()
            if not chunk:
                return count
            for document, digest, blob in chunk:
                signature = np.frombuffer(blob, dtype=np.uint32)
                keys = band_keys(signature, self.bands, self.rows)
                self.db.executemany(
                    "INSERT OR IGNORE INTO dedupe_buckets (bucket, document) VALUES (?, ?)",
                    [(key, document) for key in ([digest, *keys] if digest is not None else keys)],
                )
            count += len(chunk)
            last = chunk[-1][0]

    def decide(self, record: Mapping[str, Any]) -> Decision:
        """Classify *record* and remember it; the caller acts on the verdict."""
        key = (record["source"], record.get("article_id") or record["url"])
        seen = hash(key)
        if seen in self._seen:
            return Decision(Verdict.SAME_KEY)
        self._seen.add(seen)
        stored = self.db.execute(
            "SELECT content_hash, modified_at FROM articles WHERE source = ? AND article_id = ?",
            key,
        ).fetchone()
        if stored is not None:
            if is_changed(content_hash(record), record.get("modified_at"), *stored):
                return Decision(Verdict.UPDATED)
            return Decision(Verdict.UNCHANGED)
        return self._compare_body(record["url"], record.get("body") or "")

    def _compare_body(self, url: str, body: str) -> Decision:
        codes = comparable_codes(body)
        if not len(codes):
            return Decision(Verdict.UNIQUE)
        if not self.db.in_transaction:
            # The write lock before the lookup: two crawls comparing bodies at
            # once would otherwise both miss each other's, and a deferred
            # transaction that read first fails, without waiting, to write.
            self.db.execute("BEGIN IMMEDIATE")
        try:
            return self._compare(url, codes)
        finally:
            self._uncommitted += 1
            if self._uncommitted >= self.commit_every:
                self.commit()

    def _compare(self, url: str, codes: np.ndarray) -> Decision:
        digest = body_digest(codes)
        signature = self.hasher.signature_of_codes(codes)
        keys = [digest, *band_keys(signature, self.bands, self.rows)]
        best: tuple[float, str] | None = None
        changed = False
        for bucket, other, blob, root in self.db.execute(self._lookup, keys).fetchall():
            if bucket == digest:
                # The article's own body again, and no stored row of it (a
                # crawl killed between the two commits, or state kept apart
                # from the output with DEDUPE_PATH): pass it on to be stored,
                # since only the output knows whether it was.
                if other == url:
                    return Decision(Verdict.UNIQUE)
                return Decision(Verdict.EXACT, root or other)
            if other == url:
                changed = True
                continue
            score = similarity(signature, np.frombuffer(blob, dtype=np.uint32))
            if score >= self.threshold and (best is None or score > best[0]):
                # A duplicate's own original is the first-seen record of the story.
                best = (score, root or other)
        near = best[1] if best else None
        document = self.db.execute(
            "INSERT INTO dedupe_documents (url, body_hash, signature, duplicate_of) "
            "VALUES (?, ?, ?, ?)",
            (url, digest, signature.tobytes(), near),
        ).lastrowid
        self.db.execute(self._insert_buckets, [part for key in keys for part in (key, document)])
        if near:
            return Decision(Verdict.NEAR, near)
        return Decision(Verdict.UPDATED if changed else Verdict.UNIQUE)
