"""Crawls sharing one PostgreSQL archive: ``-O`` never empties it under a live writer."""

from __future__ import annotations

import json

import pytest

from crawler.store import StoreError
from crawler.store.postgres import PostgresStore, check_may_empty
from tests.conftest import FIXTURES

RECORD = json.loads((FIXTURES / "hankyung/article-202401298662Y.json").read_text("utf-8"))


def test_fresh_archive_is_refused_while_another_crawl_writes(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as writer:
        writer.write([RECORD])
        with pytest.raises(StoreError) as raised:
            check_may_empty(postgres_url)
        assert raised.value.reason == "busy"
        with pytest.raises(StoreError) as raised:
            PostgresStore(postgres_url, fresh=True)
        assert raised.value.reason == "busy"
        assert writer.count() == 1
        with PostgresStore(postgres_url) as reader:
            assert reader.count() == 1  # committed, not only seen by the writer's session
    with PostgresStore(postgres_url) as reader:
        assert reader.count() == 1
    check_may_empty(postgres_url)
    with PostgresStore(postgres_url, fresh=True) as fresh:
        assert fresh.count() == 0
