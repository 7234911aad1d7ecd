"""Two and three crawls into one archive at once: nothing a crawl reports stored is lost.

Each round starts two or three replay crawls of different sites into one
SQLite archive, new or already holding articles, a fraction of a second
apart, some rounds with one of them starting a fresh archive (``-O``). Every
crawl also writes the records it stored to JSON Lines. A round passes when:

- every crawl adding to the archive (``-o``) exits 0, and so does every ``-O``
  that is not refused (a refused one exits 2 with the refusal line and
  changes nothing);
- each crawl's stored counts (``archive/inserted + updated + unchanged``)
  equal the records it exported, and nothing went to ``.unsaved-*.jsonl``;
- every record of a crawl whose run is in the archive is in the archive
  with its title; a crawl's run may be missing only because an ``-O``
  emptied the archive after that crawl had finished (by the logged times);
- the archive passes ``PRAGMA integrity_check``.

Run on demand (the goal: 1,000 rounds without a failure)::

    python -m tests.stress.archive_writers --rounds 1000

The test suite runs a short version (``tests/store/test_concurrent_writers.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MK_URLS = ",".join(
    f"https://www.mk.co.kr/news/{page.stem.removeprefix('news-').replace('-', '/')}"
    for page in sorted((FIXTURES / "mk").glob("news-*.html"))
)
EINFOMAX = "https://news.einfomax.co.kr/news/articleView.html?idxno=4296544"

CRAWLS: dict[str, list[str]] = {
    "hankyung": ["hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}"],
    "edaily": ["edaily", "-s", f"REPLAY={FIXTURES / 'edaily'}"],
    "mk": ["article", "-a", f"urls={MK_URLS}", "-s", f"REPLAY={FIXTURES / 'mk'}"],
    "generic": ["article", "-a", f"urls={EINFOMAX}", "-s", f"REPLAY={FIXTURES / 'other'}"],
}
"""Replay crawls of different sites: each stores its own articles."""
REFUSAL = "is being written by another crawl"
FRESH = "Starting a fresh archive"
LOG_FORMAT = "%(asctime)s.%(msecs)03d [%(name)s] %(levelname)s: %(message)s"


@dataclass
class Writer:
    crawl: str
    fresh: bool
    delay: float
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def items_path(self) -> Path:
        return self.folder / f"{self.crawl}.jsonl"

    @property
    def stats_path(self) -> Path:
        return self.folder / f"{self.crawl}.stats.json"

    @property
    def log_path(self) -> Path:
        return self.folder / f"{self.crawl}.log"

    def start(self, db: Path) -> None:
        command = [
            sys.executable, "-m", "scrapy", "crawl", *CRAWLS[self.crawl],
            "-O" if self.fresh else "-o", str(db), "-O", str(self.items_path),
            "-s", f"STATS_FILE={self.stats_path}",
            "-s", "LOG_LEVEL=INFO", "-s", f"LOG_FORMAT={LOG_FORMAT}",
        ]  # fmt: skip
        env = {**os.environ, "TZ": "UTC"}  # log times comparable with the stats' UTC times
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log, env=env)

    def wait(self, timeout: float) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def records(self) -> list[dict[str, Any]]:
        if not self.items_path.exists():
            return []
        lines = self.items_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def emptied_at(self) -> datetime | None:
        """When this crawl emptied the archive (``-O``), from its log."""
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            if FRESH in line:
                return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC)
        return None

    def finished_at(self) -> datetime:
        return datetime.fromisoformat(str(self.stats()["finish_time"]))

    def stats(self) -> dict[str, Any]:
        if not self.stats_path.exists():
            return {}
        return json.loads(self.stats_path.read_text(encoding="utf-8"))


@dataclass
class Round:
    writers: list[Writer]
    existing: bool
    problems: list[str] = field(default_factory=list)
    refused: int = 0


def prepare_existing(db: Path, folder: Path) -> None:
    """An archive that already holds articles: one crawl not in the round stored them."""
    seed = Writer("generic", fresh=False, delay=0, folder=folder / "seed")
    seed.folder.mkdir()
    seed.start(db)
    if seed.wait(120) != 0:
        raise RuntimeError(f"seeding the archive failed: {seed.log_path.read_text()[-2000:]}")


def run_round(folder: Path, rng: random.Random, *, fresh_race: bool) -> Round:
    """Start two or three crawls into one archive, staggered, and check what it holds."""
    db = folder / "articles.db"
    existing = rng.random() < 0.5
    names = [name for name in CRAWLS if not (existing and name == "generic")]
    chosen = rng.sample(names, rng.choice([2, 3]))
    fresh_at = rng.randrange(len(chosen)) if fresh_race else -1
    writers = [
        Writer(name, fresh=index == fresh_at, delay=0 if index == 0 else rng.uniform(0.05, 0.6),
               folder=folder)
        for index, name in enumerate(chosen)
    ]  # fmt: skip
    if existing:
        prepare_existing(db, folder)
    for writer in writers:
        time.sleep(writer.delay)
        writer.start(db)
    outcome = Round(writers, existing)
    codes = {writer.crawl: writer.wait(300) for writer in writers}
    check(db, outcome, codes)
    return outcome


def check(db: Path, outcome: Round, codes: dict[str, int]) -> None:
    problems = outcome.problems
    if not db.exists():
        problems.append("no archive was written")
        return
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30) as archive:
        if archive.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("the archive fails its integrity check")
        stored = {
            (source, article_id): title
            for source, article_id, title in archive.execute(
                "SELECT source, article_id, title FROM articles"
            )
        }
        runs = [
            json.loads(stats or "{}").get("start_time")
            for (stats,) in archive.execute("SELECT stats FROM runs WHERE finished_at IS NOT NULL")
        ]
    unsaved = list(db.parent.glob(f"{db.name}.unsaved-*.jsonl"))
    if unsaved:
        problems.append(f"articles saved aside: {[p.name for p in unsaved]}")
    emptied = [t for w in outcome.writers if w.fresh and (t := w.emptied_at()) is not None]
    for writer in outcome.writers:
        code = codes[writer.crawl]
        log = writer.log_path.read_text(encoding="utf-8", errors="replace")
        if writer.fresh and code == 2 and REFUSAL in log:
            outcome.refused += 1
            continue
        if code != 0:
            problems.append(f"{writer.crawl} exited {code}: {_last_error(log)}")
            continue
        stats = writer.stats()
        records = writer.records()
        reported = sum(
            int(stats.get(f"archive/{k}", 0)) for k in ("inserted", "updated", "unchanged")
        )
        if reported != len(records):
            problems.append(f"{writer.crawl} reported {reported} stored, exported {len(records)}")
        if stats.get("start_time") not in runs:
            if writer.fresh or not any(writer.finished_at() <= t for t in emptied):
                problems.append(f"{writer.crawl}'s run is not in the archive")
            continue
        for record in records:
            key = (record["source"], record["article_id"])
            if stored.get(key) != record["title"]:
                problems.append(f"{writer.crawl} stored {key}, not in the archive")


def _last_error(log: str) -> str:
    errors = [line for line in log.splitlines() if "Error" in line or "ERROR" in line]
    return errors[-1][:300] if errors else log[-300:]


def stress(rounds: int, seconds: float, seed: int, keep: Path | None = None) -> dict[str, Any]:
    """Run up to *rounds* rounds within *seconds*; return counts and the failed rounds' problems."""
    rng = random.Random(seed)
    totals: Counter[str] = Counter()
    failures: list[str] = []
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(dir=keep) as scratch:
        for number in range(rounds):
            if time.monotonic() >= deadline:
                break
            folder = Path(scratch) / f"round-{number}"
            folder.mkdir()
            outcome = run_round(folder, rng, fresh_race=number % 4 == 3)
            writers = len(outcome.writers)
            totals["rounds"] += 1
            totals[f"{writers}-writer rounds"] += 1
            totals["existing archive"] += outcome.existing
            totals["-O racing -o"] += any(w.fresh for w in outcome.writers)
            totals["-O refused"] += outcome.refused
            if outcome.problems:
                totals["failed rounds"] += 1
                failures.append(f"round {number}: " + "; ".join(outcome.problems))
    return {"totals": dict(totals), "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=24 * 3600, help="stop after this long")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    result = stress(args.rounds, args.seconds, args.seed)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
