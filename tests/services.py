"""Real Redis and PostgreSQL, as the development and CI machines run them locally: fixtures
for the tests that use them (tests/cluster/, tests/store/test_postgres.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/15"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def redis_url() -> Iterator[str]:
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis is not running on 127.0.0.1:6379 ({exc}); start it (see .ci/run)")
    server.flushdb()
    yield REDIS_URL
    server.flushdb()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of its own for the test, dropped after it."""
    name = f"kbiz_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(f"{POSTGRES}/test", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not running on 127.0.0.1:5432 ({exc}); start it (see .ci/run)")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.close()
