"""The benchmark suite: one table, no network, every reference measured in the same run.

    python -m bench [--pages 10000] [--profile] [--json bench/results/bench.json]

- extraction: pages per second of the project's parsing and cleaning over every
  saved page, beside lxml's parse alone of the same bytes (the floor for a
  parser of the whole page) and trafilatura's ``extract`` (the usual
  alternative); ratios printed. Ours parses the span of a page its site's
  parser reads (see ``Site.article_span``); the same parse of the whole pages
  is printed beside it;
- end to end: articles per second of ``scrapy crawl hankyung`` replaying a
  generated archive of ``--pages`` pages (the saved page with new URLs, ids and
  bodies, listed in generated sitemaps of 1,000) into SQLite, with the peak
  memory of the crawl and of its parse worker; beside lxml's parse alone of the
  saved pages above and of the archive's own pages (a hankyung page, quicker
  to parse than the average saved page);
- storage and dedupe: the benchmarks of their own modules at 10,000 records.

``--profile`` runs the end-to-end crawl under cProfile and prints where the
time goes.
"""

from __future__ import annotations

import argparse
import json
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from itertools import islice
from pathlib import Path

import lxml.html

from bench import dedupe, storage
from crawler.extract.page import decode_page
from crawler.parsing.pages import parse_saved
from tests.synthetic import pages as synthetic_pages
from tests.synthetic import write_archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def saved_pages() -> list[tuple[bytes, str, str]]:
    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    return [
        ((FIXTURES / f"{case}.html").read_bytes(), info["url"], info["charset"])
        for case, info in cases.items()
    ]


def pages_per_second(function, pages: list, seconds: float = 3.0) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for page in pages:
            function(*page)
        done += len(pages)
    return done / (time.perf_counter() - start)


def extraction() -> dict[str, float]:
    import trafilatura

    pages = saved_pages()
    ours = pages_per_second(parse_saved, pages)
    whole = pages_per_second(partial(parse_saved, whole=True), pages)
    # The floor parses each page in the charset it is really in, as ours does:
    # given only the bytes, lxml believes the euc-kr that an old mt.co.kr page
    # declares (its bytes are UTF-8) and stops after four elements.
    parsers = {
        url: lxml.html.HTMLParser(encoding=decode_page(body, charset).encoding)
        for body, url, charset in pages
    }
    floor = pages_per_second(
        lambda body, url, _charset: lxml.html.fromstring(body, parser=parsers[url]), pages
    )
    other = pages_per_second(
        lambda body, _url, _charset: trafilatura.extract(body.decode("utf-8", "replace")), pages
    )
    return {
        "ours_pages_per_second": ours,
        "ours_whole_page_pages_per_second": whole,
        "lxml_parse_pages_per_second": floor,
        "trafilatura_pages_per_second": other,
        "ours_vs_lxml": ours / floor,
        "ours_whole_page_vs_lxml": whole / floor,
        "ours_vs_trafilatura": ours / other,
    }


def end_to_end(pages: int, profile: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive.warc.gz"
        # Sitemaps of 1,000 entries (Google News's limit) under an index, as a
        # site lists that many articles: one sitemap of all of them would be a
        # document bigger than the protocol allows, and the crawl's peak memory.
        write_archive(archive, pages, sitemap_size=1000)
        stats_file = Path(folder) / "stats.json"
        command = [
            "-m", "scrapy", "crawl", "hankyung", "-O", str(Path(folder) / "articles.db"),
            "-s", f"REPLAY={archive}", "-s", f"STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        prefix = [sys.executable]
        if profile:
            prefix += ["-m", "cProfile", "-o", str(Path(folder) / "profile")]
        start = time.perf_counter()
        subprocess.run([*prefix, *command], cwd=ROOT, check=True)
        elapsed = time.perf_counter() - start
        # The crawl is this process's first child: the children's peak RSS is
        # its own. (Scrapy's memusage/max samples once a minute, and a
        # shorter crawl than that reports only its start-up.)
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        if profile:
            pstats.Stats(str(Path(folder) / "profile")).sort_stats("tottime").print_stats(20)
    stored = int(stats.get("archive/inserted", 0))
    return {
        "pages": pages,
        "articles_stored": stored,
        "articles_per_second": stored / elapsed,
        "peak_memory_mb": peak_kb / 1024,
        "parse_workers": int(stats.get("parse/workers", 0)),
        "worker_peak_memory_mb": float(stats.get("parse/worker_peak_rss_mb", 0)),
    }


def archive_parse_rate(count: int, sample: int = 500) -> float:
    """lxml's parse alone of the end-to-end archive's first pages (the same bytes).

    Run last: the pages held in memory would be the dedupe benchmark's peak.
    """
    parser = lxml.html.HTMLParser(encoding="utf-8")
    bodies = [(body,) for _, body, _, _ in islice(synthetic_pages(count), sample)]
    return pages_per_second(lambda body: lxml.html.fromstring(body, parser=parser), bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "bench.json")
    args = parser.parse_args()
    results: dict = {"machine": f"{platform.processor() or platform.machine()}, "
                     f"Python {platform.python_version()}"}  # fmt: skip
    results["extraction"] = extraction()
    results["end_to_end"] = end_to_end(args.pages, args.profile)
    parse_rate = results["extraction"]["lxml_parse_pages_per_second"]
    end = results["end_to_end"]
    end["vs_lxml_parse"] = end["articles_per_second"] / parse_rate
    rows = list(storage.run([10_000]))
    results["storage"] = rows
    results["dedupe"] = dedupe.run_both(10_000)
    end["lxml_parse_archive_pages_per_second"] = archive_parse_rate(args.pages)
    end["vs_lxml_parse_archive_pages"] = (
        end["articles_per_second"] / end["lxml_parse_archive_pages_per_second"]
    )

    e, f = results["extraction"], results["end_to_end"]
    print(f"\n{'measure':44} {'value':>10}")
    print(f"{'extraction, ours (pages/s)':44} {e['ours_pages_per_second']:>10.0f}")
    print(f"{'extraction, lxml parse only (pages/s)':44} {e['lxml_parse_pages_per_second']:>10.0f}")
    print(f"{'extraction, trafilatura (pages/s)':44} {e['trafilatura_pages_per_second']:>10.0f}")
    print(f"{'  ours / lxml parse':44} {e['ours_vs_lxml']:>10.2f}")
    print(f"{'  ours / trafilatura':44} {e['ours_vs_trafilatura']:>10.1f}")
    print(f"{'  ours, whole pages / lxml parse':44} {e['ours_whole_page_vs_lxml']:>10.2f}")
    label = f"end to end, {f['pages']} pages (articles/s)"
    print(f"{label:44} {f['articles_per_second']:>10.0f}")
    print(f"{'  end to end / lxml parse':44} {f['vs_lxml_parse']:>10.2f}")
    print(f"{'  end to end / lxml parse of its own pages':44} "
          f"{f['vs_lxml_parse_archive_pages']:>10.2f}")  # fmt: skip
    print(f"{'  peak memory (MB)':44} {f['peak_memory_mb']:>10.0f}")
    label = f"  peak memory of {f['parse_workers']} parse worker(s) (MB)"
    print(f"{label:44} {f['worker_peak_memory_mb']:>10.0f}")
    for row in rows:
        print(f"{'storage, 10,000 (store/s, bare/s, bare+fts/s)':44} "
              f"{row['store_per_second']:>5.0f} / {row['bare_per_second']:.0f}"
              f" / {row['bare_indexed_per_second']:.0f}")  # fmt: skip
    for row in results["dedupe"]:
        print(f"{'dedupe 10,000, ' + row['kind'] + ' (rec/s, MB)':44} "
              f"{row['per_second']:>5.0f} / {row['peak_rss_mb']:.0f}")  # fmt: skip
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
