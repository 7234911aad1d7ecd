"""One batch of records into the SQLite archive: one lookup, one statement per kind of change.

Work is done per statement over the whole batch, not per record: the stored
state of every key in one indexed lookup, then one ``executemany`` each for
the inserts, the revisions kept, the updates and the authors.
"""

from __future__ import annotations

import sqlite3

from crawler.store.records import ARTICLE_FIELDS, PendingRecord, WriteCounts
from crawler.store.written import WrittenRows

_LOOKUP_CHUNK = 400


def write_batch(
    db: sqlite3.Connection,
    batch: list[PendingRecord],
    now: str,
    counts: WriteCounts,
    written: WrittenRows,
) -> None:
    """Insert or update a batch of distinct articles inside the caller's write transaction."""
    stored = _stored(db, {p.key for p in batch})
    new, changed, same = [], [], []
    for pending in batch:
        old = stored.get(pending.key)
        if old is None:
            new.append(pending)
        elif pending.changes(old):
            changed.append((pending, old))
        else:
            same.append((pending, old))
    _insert(db, new, now, written)
    db.executemany(
        "INSERT INTO article_revisions (article, revision, content_hash, title, body, "
        "modified_at, fetched_at, replaced_at) "
        "SELECT id, revision, content_hash, title, body, modified_at, fetched_at, ? "
        "FROM articles WHERE id = ?",
        [(now, old["id"]) for _, old in changed],
    )
    assignments = ", ".join(f"{name} = ?" for name in ARTICLE_FIELDS)
    db.executemany(
        f"UPDATE articles SET {assignments}, content_hash = ?, previous_hash = content_hash, "
        "revision = revision + 1, last_seen_at = ? WHERE id = ?",
        [(*p.row.values(), p.digest, now, old["id"]) for p, old in changed],
    )
    db.executemany(
        "UPDATE articles SET last_seen_at = ?, fetched_at = coalesce(?, fetched_at) WHERE id = ?",
        [(now, p.row["fetched_at"], old["id"]) for p, old in same],
    )
    db.executemany(
        "DELETE FROM article_authors WHERE source = ? AND article_id = ?",
        [p.key for p, _ in changed],
    )
    db.executemany(
        "INSERT INTO article_authors (source, article_id, position, name, email) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (*p.key, position, author.get("name") or "", author.get("email"))
            for p in [*new, *(p for p, _ in changed)]
            for position, author in enumerate(p.record.get("authors") or [])
        ],
    )
    for pending, old in (*changed, *same):
        written.add(old["id"], pending.key)
    counts.inserted += len(new)
    counts.updated += len(changed)
    counts.unchanged += len(same)


def _insert(
    db: sqlite3.Connection, new: list[PendingRecord], now: str, written: WrittenRows
) -> None:
    """Insert articles not stored yet, and index them for full-text search."""
    if not new:
        return
    columns = ", ".join(ARTICLE_FIELDS)
    last_id = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    db.executemany(
        f"INSERT INTO articles ({columns}, content_hash, first_seen_at, last_seen_at) "
        f"VALUES ({', '.join('?' * len(ARTICLE_FIELDS))}, ?, ?, ?)",
        [(*p.row.values(), p.digest, now, now) for p in new],
    )
    # Rows get ids above the largest one, so the new rows are exactly
    # those past last_id, in order (the write lock is ours until commit).
    for offset, pending in enumerate(new, start=1):
        written.add(last_id + offset, pending.key)
    db.execute(
        "INSERT INTO articles_fts (rowid, text) SELECT id, text FROM articles_text WHERE id > ?",
        (last_id,),
    )


def _stored(
    db: sqlite3.Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], sqlite3.Row]:
    """Stored state of the articles with these keys, looked up in chunks."""
    found = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[start : start + _LOOKUP_CHUNK]
        values = ", ".join("(?, ?)" for _ in chunk)
        # A join, not "(source, article_id) IN (VALUES ...)": SQLite
        # answers that with a scan of the whole table, for every batch.
        rows = db.execute(
            f"WITH keys (source, article_id) AS (VALUES {values}) "
            "SELECT a.id, a.source, a.article_id, a.content_hash, a.modified_at "
            "FROM keys JOIN articles a "
            "ON a.source = keys.source AND a.article_id = keys.article_id",
            [part for key in chunk for part in key],
        )
        for row in rows:
            found[(row["source"], row["article_id"])] = row
    return found
