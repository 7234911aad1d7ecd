"""The archive in the tools analysts use: Datasette with the shipped metadata, DuckDB on Parquet.

Both run for real, on the archive made by replay crawls of the saved pages,
and their answers are checked against SQL on the same archive.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import duckdb
from datasette.app import Datasette

from tests.conftest import ROOT, scrapy

METADATA = ROOT / "docs" / "datasette.json"


def sql(archive: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(archive)) as db:
        return db.execute(query).fetchall()


def datasette_get(archive: Path, *paths: str) -> list[dict]:
    """The JSON Datasette serves at *paths* for *archive*, with the project's metadata."""

    async def get() -> list[dict]:
        metadata = json.loads(METADATA.read_text(encoding="utf-8"))
        app = Datasette([str(archive)], metadata=metadata)
        await app.invoke_startup()
        answers = []
        for path in paths:
            response = await app.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            answers.append(response.json())
        return answers

    return asyncio.run(get())


def test_datasette_searches_counts_and_facets_the_archive(
    crawled_archive: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "articles.db"  # Datasette names the database after the file
    shutil.copy(crawled_archive, archive)
    found, per_day, table, republished, home = datasette_get(
        archive,
        "/articles/search.json?text=삼성전자&_shape=array",
        "/articles/per_day.json?_shape=array",
        "/articles/articles.json?_facet=source&_facet=origin&_size=0",
        "/articles/republished.json?_shape=array",
        "/articles.json",
    )
    expected = sql(
        archive,
        "SELECT url FROM articles WHERE instr(title || subtitles || body, '삼성전자') > 0",
    )
    assert sorted(row["url"] for row in found) == sorted(url for (url,) in expected)
    assert len(found) == 4
    days = [row["published_at"] for row in found]
    assert days == sorted(days, reverse=True)  # newest first
    assert {(r["day"], r["source"]): r["articles"] for r in per_day} == {
        (day, source): n
        for day, source, n in sql(
            archive,
            "SELECT substr(published_at, 1, 10), source, count(*) FROM articles GROUP BY 1, 2",
        )
    }
    facets = {f["value"]: f["count"] for f in table["facet_results"]["source"]["results"]}
    assert facets == dict(sql(archive, "SELECT source, count(*) FROM articles GROUP BY source"))
    origins = {f["value"]: f["count"] for f in table["facet_results"]["origin"]["results"]}
    assert origins == {"연합뉴스": 1}
    assert republished == [
        {
            "title": "\"삼성전자, 中출시 갤럭시 S24에 바이두 AI '어니봇' 탑재\"",
            "source": "hankyung",
            "origin": "연합뉴스",
            "copies": 2,
            "republished_by": "generic",
        }
    ]
    shown = {t["name"] for t in home["tables"] if not t["hidden"]}
    assert shown == {"articles", "article_authors", "article_revisions", "runs"}


def test_duckdb_reads_the_parquet_export(crawled_archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    done = scrapy("export", "--db", str(crawled_archive), "-O", str(out))
    assert done.returncode == 0, done.stderr
    with duckdb.connect() as db:
        counts = dict(db.sql(f"SELECT source, count(*) FROM '{out}' GROUP BY ALL").fetchall())
        types = {row[0]: row[1] for row in db.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()}
        names = db.sql(
            f"SELECT a.name FROM (SELECT unnest(authors) AS a FROM '{out}' WHERE source = 'mk') "
            "ORDER BY a.name"
        ).fetchall()
    assert counts == dict(
        sql(crawled_archive, "SELECT source, count(*) FROM articles GROUP BY source")
    )
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    # Newer DuckDB quotes "name" (a keyword) in the type's text.
    assert types["authors"].replace('"', "") == "STRUCT(name VARCHAR, email VARCHAR)[]"
    stored = sql(
        crawled_archive,
        "SELECT a.name FROM article_authors a WHERE a.source = 'mk' ORDER BY a.name",
    )
    assert names == stored and len(names) >= 6
