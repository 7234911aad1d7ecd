"""No PostgreSQL password reaches a log line, an error message, a stat or the runs table."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from crawler.store import StoreError
from crawler.store.postgres import PostgresStore
from crawler.utils.secrets import RedactingFilter, redact
from tests.conftest import FIXTURES, scrapy

SECRET = "S3cr3t-pw"


@pytest.mark.parametrize(
    ("dsn", "shown"),
    [
        (
            f"postgresql://kbiz:{SECRET}@db.example:5432/news",
            "postgresql://kbiz:***@db.example:5432/news",
        ),
        (f"postgres://kbiz:{SECRET}@db.example/news", "postgres://kbiz:***@db.example/news"),
        (
            "postgresql://kbiz:p%40ss%3Aw0rd@db.example/news",
            "postgresql://kbiz:***@db.example/news",
        ),
        (
            f"host=db.example user=kbiz password={SECRET} dbname=news",
            "host=db.example user=kbiz password=*** dbname=news",
        ),
        (
            f"host=db.example password='{SECRET} x' dbname=news",
            "host=db.example password=*** dbname=news",
        ),
        (f"host=db.example PASSWORD = {SECRET}", "host=db.example PASSWORD = ***"),
        ("postgresql://kbiz@db.example/news", "postgresql://kbiz@db.example/news"),
    ],
)
def test_every_form_of_password_is_redacted(dsn: str, shown: str) -> None:
    assert redact(f"cannot connect to {dsn} (refused)") == f"cannot connect to {shown} (refused)"


def test_log_records_and_their_tracebacks_are_redacted() -> None:
    url = f"postgresql://kbiz:{SECRET}@db.example/news"
    try:
        raise ValueError(f"bad dsn {url}")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Stored in: %s", (url,), sys.exc_info()
        )
    RedactingFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert SECRET not in formatted
    assert "postgresql://kbiz:***@db.example/news" in formatted


def test_an_unreachable_server_is_reported_without_the_password() -> None:
    url = f"postgresql://kbiz:{SECRET}@127.0.0.1:1/news"
    with pytest.raises(StoreError) as raised:
        PostgresStore(url)
    assert SECRET not in str(raised.value)
    done = scrapy("crawl", "hankyung", "-o", f"{url}:pg", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    assert done.returncode == 2
    assert "cannot connect to postgresql://kbiz:***@127.0.0.1:1/news" in done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_a_crawl_into_postgresql_logs_and_records_no_password(postgres_url: str, tmp_path) -> None:
    # Trust authentication here: the server takes any password, as it takes none.
    url = postgres_url.replace("postgres@", f"postgres:{SECRET}@")
    stats = tmp_path / "stats.json"
    done = scrapy(
        "crawl", "hankyung", "-o", f"{url}:pg", "-s", f"REPLAY={FIXTURES / 'hankyung'}",
        "-s", f"STATS_FILE={stats}", "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"Writing articles to {postgres_url.split('@')[-1]} (run 1)" in done.stderr
    assert SECRET not in done.stderr + done.stdout
    assert SECRET not in stats.read_text(encoding="utf-8")
    with PostgresStore(postgres_url) as store:
        runs = store.db.execute("SELECT stats::text AS stats FROM runs").fetchall()
    assert runs and all(SECRET not in json.dumps(r["stats"]) for r in runs)
