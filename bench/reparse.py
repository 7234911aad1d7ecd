"""Re-parse speed on real-size pages: a replay crawl against lxml parsing the same pages.

    python -m bench.reparse [--sizes 150 900 10000] [--workers auto|0|1] [--profile]

A WARC file of real-size article pages (``tests/real_size.py``: the saved
hankyung and mk pages, whole, each with its own id, title and body) is
replayed by ``scrapy crawl article -a urls_file=… -s REPLAY=… -O x.db`` at
each size, as a user re-parses recorded pages after fixing a parser. The
steady-state rate is the difference between two sizes (pages over seconds),
so that start-up cancels out; it is printed beside lxml's parse alone of the
same pages in the same run, and the ratio. Start-up is the wall clock of a
crawl of one saved page, beside ``scrapy version`` and a Python that imports
lxml and parses that page.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import lxml.html

from tests.real_size import pages, write_archive

ROOT = Path(__file__).resolve().parent.parent
PEAK = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
)


def crawl(folder: Path, archive: Path, urls: list[str], workers: str, profile: bool) -> dict:
    """Wall clock, peak memory and stats of one replay crawl of *urls*."""
    listing = folder / f"urls-{len(urls)}.txt"
    listing.write_text("\n".join(urls), encoding="utf-8")
    stats_file = folder / "stats.json"
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(folder / f"profile-{len(urls)}")]
    command += [
        "-m", "scrapy", "crawl", "article", "-a", f"urls_file={listing}", "-s", f"REPLAY={archive}",
        "-O", str(folder / "x.db"), "-s", f"STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    if workers != "auto":
        command += ["-s", f"PARSE_WORKERS={workers}"]
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *command], cwd=ROOT, check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - begin
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats.get("archive/inserted") == len(urls), stats.get("archive/inserted")
    return {
        "pages": len(urls),
        "seconds": seconds,
        "peak_mb": int(done.stdout.split()[-1]) / 1024,
        "parse_workers": stats.get("parse/workers", 0),
    }


def lxml_rate(archive_pages: list[bytes]) -> float:
    parser = lxml.html.HTMLParser(encoding="utf-8")
    begin = time.perf_counter()
    for body in archive_pages:
        lxml.html.fromstring(body, parser=parser)
    return len(archive_pages) / (time.perf_counter() - begin)


def wall(command: list[str]) -> float:
    begin = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - begin


def start_up(folder: Path, url: str, body: bytes) -> dict:
    """Seconds to crawl one saved page, beside ``scrapy version`` and lxml alone."""
    one = folder / "one"
    one.mkdir()
    (one / "page.html").write_bytes(body)
    (one / "manifest.jsonl").write_text(json.dumps({"url": url, "file": "page.html"}))
    scrapy = [sys.executable, "-m", "scrapy"]
    crawl_one = [*scrapy, "crawl", "article", "-a", f"urls={url}", "-s", f"REPLAY={one}",
                 "-O", str(folder / "one.db"), "-s", "LOG_LEVEL=WARNING"]  # fmt: skip
    parse_one = [
        sys.executable,
        "-c",
        f"import lxml.html; lxml.html.fromstring(open({str(one / 'page.html')!r}, 'rb').read())",
    ]
    runs = {"crawl": [], "version": [], "lxml": []}
    for _ in range(3):
        runs["crawl"].append(wall(crawl_one))
        runs["version"].append(wall([*scrapy, "version"]))
        runs["lxml"].append(wall(parse_one))
    return {name: min(times) for name, times in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 900, 10_000])
    parser.add_argument("--workers", default="auto", help="PARSE_WORKERS: auto (unset), 0, 1")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest crawl")
    options = parser.parse_args()
    sizes = sorted(options.sizes)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        archive = folder / "pages.warc.gz"
        urls = write_archive(archive, sizes[-1])
        sample = [body for _, body in pages(min(900, sizes[-1]))]
        floor = lxml_rate(sample)
        rows = [crawl(folder, archive, urls[:n], options.workers, False) for n in sizes[:-1]]
        rows.append(crawl(folder, archive, urls, options.workers, options.profile))
        floor = (floor + lxml_rate(sample)) / 2  # before and after: the machine drifts
        startup = start_up(folder, urls[0], sample[0])
        if options.profile:
            import pstats

            profile = pstats.Stats(str(folder / f"profile-{sizes[-1]}"))
            profile.sort_stats("tottime").print_stats(30)
    print(f"lxml parse of the same pages: {floor:,.0f} pages/s "
          f"(mean page {sum(map(len, sample)) / len(sample) / 1024:,.0f} KB)")  # fmt: skip
    for row in rows:
        print(f"crawl of {row['pages']:>6,} pages: {row['seconds']:6.1f} s, "
              f"peak {row['peak_mb']:4.0f} MB, {row['parse_workers']} parse worker(s)")  # fmt: skip
    for a, b in pairwise(rows):
        rate = (b["pages"] - a["pages"]) / (b["seconds"] - a["seconds"])
        print(f"steady state {a['pages']:,} → {b['pages']:,}: {rate:,.0f} pages/s = "
              f"{rate / floor:.2f} × lxml parse")  # fmt: skip
    print(f"start-up: crawl of one page {startup['crawl']:.2f} s, scrapy version "
          f"{startup['version']:.2f} s (difference {startup['crawl'] - startup['version']:.2f} s), "
          f"python + lxml parse of the page {startup['lxml']:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
