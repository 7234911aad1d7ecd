"""Throughput and peak memory of the near-duplicate index, against datasketch.

    python -m bench.dedupe [--sizes 100000 1000000] [--json results.json]

Each size runs in a child process of its own (so that peak RSS is that
size's alone; the index's memory is reported as the peak above what the
generated bodies already held): the project's
:class:`~crawler.dedupe.index.DedupeIndex` with its state in a SQLite file,
committing every 100,000 decisions with a 512 MB page cache (a bulk run alone
on its file: ``DEDUPE_COMMIT_EVERY``, ``DEDUPE_CACHE_MB``), and, as the reference,
datasketch's ``MinHash`` (``update_batch`` over the same character 5-grams)
with ``MinHashLSH`` at the same threshold and number of permutations, query
then insert. Bodies are synthetic: paragraphs of the saved articles drawn at
random, every tenth record a trimmed copy of an earlier one.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THRESHOLD = 0.7
NUM_PERM = 64
COMMIT_EVERY = 100_000
CACHE_MB = 512


def bodies(count: int) -> list[str]:
    from tests.synthetic import records

    out: list[str] = []
    for number, record in enumerate(records(count)):
        if number % 10 == 9:
            earlier = out[number // 2].split("\n\n")
            out.append("\n\n".join(earlier[:-1] or earlier))
        else:
            out.append(record["body"])
    return out


def run_project(texts: list[str]) -> dict:
    from crawler.dedupe.index import DedupeIndex

    with tempfile.TemporaryDirectory() as folder:
        index = DedupeIndex(
            Path(folder) / "state.db", THRESHOLD, NUM_PERM, COMMIT_EVERY, cache_mb=CACHE_MB
        )
        start = time.perf_counter()
        duplicates = 0
        for number, text in enumerate(texts):
            record = {
                "source": "bench",
                "article_id": str(number),
                "url": f"u{number}",
                "body": text,
            }
            duplicates += index.decide(record).duplicate_of is not None
        elapsed = time.perf_counter() - start
        index.close()
    return {"seconds": elapsed, "duplicates": duplicates}


def run_datasketch(texts: list[str]) -> dict:
    from datasketch import MinHash, MinHashLSH

    from crawler.dedupe.minhash import SHINGLE, comparable_codes

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    start = time.perf_counter()
    duplicates = 0
    for number, text in enumerate(texts):
        compact = comparable_codes(text).tobytes().decode("utf-16-le")
        grams = {
            compact[i : i + SHINGLE].encode() for i in range(max(1, len(compact) - SHINGLE + 1))
        }
        signature = MinHash(num_perm=NUM_PERM)
        signature.update_batch(list(grams))
        duplicates += bool(lsh.query(signature))
        lsh.insert(str(number), signature)
    return {"seconds": time.perf_counter() - start, "duplicates": duplicates}


def child(kind: str, size: int) -> None:
    texts = bodies(size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run_project(texts) if kind == "project" else run_datasketch(texts)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["input_rss_mb"] = before / 1024
    # What the index itself took: peak memory above what the input bodies held.
    result["index_mb"] = result["peak_rss_mb"] - result["input_rss_mb"]
    print(json.dumps(result))


def run_both(size: int) -> list[dict]:
    """The project's index and datasketch's, each in a child process of its own."""
    results = []
    for kind in ("project", "datasketch"):
        done = subprocess.run(
            [sys.executable, "-m", "bench.dedupe", "--child", kind, str(size)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        result = {"records": size, "kind": kind, **json.loads(done.stdout)}
        result["per_second"] = size / result["seconds"]
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    results = []
    print(f"{'records':>9} {'kind':>11} {'rec/s':>8} {'index MB':>9} {'dups':>7}")
    for size in args.sizes:
        for result in run_both(size):
            results.append(result)
            print(
                f"{size:>9} {result['kind']:>11} {result['per_second']:>8.0f} "
                f"{result['index_mb']:>9.0f} {result['duplicates']:>7}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
