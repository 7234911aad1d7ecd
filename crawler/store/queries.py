"""Full-text search of the SQLite archive, through its trigram index."""

from __future__ import annotations

import sqlite3
from typing import Any

from crawler.store.records import escape_glob, filters, search_hit


def search_articles(
    db: sqlite3.Connection,
    text: str,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Articles whose title, subtitles or body contain every term of *text*, newest first.

    Terms of three or more characters are looked up in the trigram index;
    shorter ones (금리) cannot be, and SQLite scans for them.
    """
    terms = [t for t in text.split() if t]
    if not terms:
        return []
    clauses, params = filters(source, since, until, prefix="a.")
    long_terms = [t for t in terms if len(t) >= 3]
    conditions, values = [], []
    if long_terms:
        # GLOB rather than LIKE: FTS5 hands a GLOB to the trigram index
        # and its wildcards can be escaped; LIKE ... ESCAPE is never indexed.
        globs = " AND ".join("text GLOB ?" for _ in long_terms)
        conditions.append(f"a.id IN (SELECT rowid FROM articles_fts WHERE {globs})")
        values.extend(f"*{escape_glob(t)}*" for t in long_terms)
    for term in terms:
        if len(term) < 3:
            # The trigram index matches nothing shorter than three characters.
            conditions.append("instr(a.title || a.subtitles || a.body, ?) > 0")
            values.append(term)
    conditions.extend(clauses)
    query = (
        "SELECT a.source, a.article_id, a.url, a.title, a.published_at, a.body "
        f"FROM articles a WHERE {' AND '.join(conditions)} "
        "ORDER BY a.published_at DESC LIMIT ?"
    )
    rows = db.execute(query, [*values, *params, limit]).fetchall()
    return [search_hit(r, terms[0]) for r in rows]
