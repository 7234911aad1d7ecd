"""Articles per second with 1, 2 and 3 workers sharing Redis and PostgreSQL.

    python -m bench.cluster [--pages 2000] [--workers 1 2 3]

Each count of workers crawls the same generated replay archive from an empty
Redis database and a fresh PostgreSQL database, all on this machine (so
workers beyond the number of cores compete for them).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import redis

from crawler.store.postgres import PostgresStore
from tests.synthetic import write_archive

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"
POSTGRES = "postgresql://postgres@127.0.0.1:5432"


def run(archive: Path, workers: int) -> tuple[float, int]:
    redis.Redis.from_url(REDIS_URL).flushdb()
    name = f"kbiz_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES}/test", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    dsn = f"{POSTGRES}/{name}"
    try:
        PostgresStore(dsn).close()
        start = time.perf_counter()
        command = [
            sys.executable, "-m", "scrapy", "crawl", "hankyung", "-o", f"{dsn}:pg",
            "-s", f"REPLAY={archive}", "-s", f"REDIS_URL={REDIS_URL}", "-s", "LOG_LEVEL=ERROR",
        ]  # fmt: skip
        processes = [subprocess.Popen(command, cwd=ROOT) for _ in range(workers)]
        for process in processes:
            process.wait()
        elapsed = time.perf_counter() - start
        with PostgresStore(dsn) as store:
            stored = store.count()
    finally:
        with psycopg.connect(f"{POSTGRES}/test", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
    return elapsed, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.warc"
        write_archive(archive, args.pages)
        print(f"{'workers':>7} {'stored':>7} {'seconds':>8} {'articles/s':>10}")
        for count in args.workers:
            elapsed, stored = run(archive, count)
            print(f"{count:>7} {stored:>7} {elapsed:>8.1f} {stored / elapsed:>10.0f}")


if __name__ == "__main__":
    main()
