"""The PostgreSQL archive's schema, as numbered migrations (as :mod:`crawler.store.schema`)."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE articles (
        id            BIGSERIAL PRIMARY KEY,
        source        TEXT NOT NULL,
        article_id    TEXT NOT NULL,
        url           TEXT NOT NULL,
        title         TEXT NOT NULL,
        subtitles     JSONB NOT NULL DEFAULT '[]',
        body          TEXT NOT NULL,
        authors       JSONB NOT NULL DEFAULT '[]',
        dateline      TEXT,
        section       TEXT,
        keywords      JSONB NOT NULL DEFAULT '[]',
        images        JSONB NOT NULL DEFAULT '[]',
        published_at  TEXT,
        modified_at   TEXT,
        origin        TEXT,
        fetched_at    TEXT,
        language      TEXT,
        duplicate_of  TEXT,
        content_hash  TEXT NOT NULL,
        revision      INTEGER NOT NULL DEFAULT 1,
        previous_hash TEXT,
        first_seen_at TEXT NOT NULL,
        last_seen_at  TEXT NOT NULL,
        UNIQUE (source, article_id)
    );
    CREATE INDEX articles_published_at ON articles (published_at);
    CREATE INDEX articles_source_published_at ON articles (source, published_at);
    CREATE INDEX articles_text_trgm ON articles
        USING gin ((title || ' ' || subtitles::text || ' ' || body) gin_trgm_ops);
    CREATE TABLE article_authors (
        source     TEXT NOT NULL,
        article_id TEXT NOT NULL,
        position   INTEGER NOT NULL,
        name       TEXT NOT NULL,
        email      TEXT,
        PRIMARY KEY (source, article_id, position),
        FOREIGN KEY (source, article_id) REFERENCES articles (source, article_id)
            ON DELETE CASCADE
    );
    CREATE INDEX article_authors_name ON article_authors (name);
    CREATE TABLE article_revisions (
        article      BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        revision     INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title        TEXT NOT NULL,
        body         TEXT NOT NULL,
        modified_at  TEXT,
        fetched_at   TEXT,
        replaced_at  TEXT NOT NULL,
        PRIMARY KEY (article, revision)
    );
    CREATE TABLE runs (
        id            BIGSERIAL PRIMARY KEY,
        spider        TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        finish_reason TEXT,
        items         INTEGER NOT NULL DEFAULT 0,
        inserted      INTEGER NOT NULL DEFAULT 0,
        updated       INTEGER NOT NULL DEFAULT 0,
        unchanged     INTEGER NOT NULL DEFAULT 0,
        errors        INTEGER NOT NULL DEFAULT 0,
        stats         JSONB
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
