"""The generic extractor on scrapinghub's article-extraction benchmark, against trafilatura.

    python -m bench.extraction [--pages DIR] [--worst 10]

Scored as the benchmark scores it (its README): a body is its ``\\w+``
tokens compared as counted 4-token shingles; precision is averaged over the
pages that gave any text, recall over all pages, F1 is their harmonic mean.
Our side is the record the crawl stores for the page (none of these sites
has a module: the generic extraction, then the clean pipeline's rules);
trafilatura's ``extract(html, url=url)`` runs on the same pages in the same
run, and both are timed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from crawler.parsing.pages import parse_saved
from tests.scoring import prf

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "benchmarks" / "article-extraction"


@dataclass
class Page:
    id: str
    url: str
    html: bytes
    expected: str


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    empty: int
    seconds: float
    per_page: dict[str, tuple[float, float, float]]


def load(folder: Path = PAGES) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(key, item["url"], gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()),
             item["articleBody"])
        for key, item in sorted(truth.items())
    ]  # fmt: skip


def ours(page: Page) -> str:
    return parse_saved(page.html, page.url)["body"]


def trafilatura(page: Page) -> str:
    import trafilatura as library

    return library.extract(page.html.decode("utf-8", "replace"), url=page.url) or ""


def score(pages: list[Page], extract: Callable[[Page], str]) -> Score:
    per_page = {}
    seconds = 0.0
    for page in pages:
        started = time.perf_counter()
        body = extract(page)
        seconds += time.perf_counter() - started
        per_page[page.id] = (*prf(body, page.expected)[:2], float(bool(body.strip())))
    given = [p for p, _, nonempty in per_page.values() if nonempty]
    precision = sum(given) / len(given) if given else 0.0
    recall = sum(r for _, r, _ in per_page.values()) / len(pages)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    empty = sum(1 for *_, nonempty in per_page.values() if not nonempty)
    rows = {k: (p, r, prf_f1(p, r)) for k, (p, r, _) in per_page.items()}
    return Score(precision, recall, f1, empty, seconds, rows)


def prf_f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report(pages: list[Page], worst: int = 10) -> dict[str, Score]:
    results = {"ours": score(pages, ours), "trafilatura": score(pages, trafilatura)}
    print(f"{len(pages)} pages of the article-extraction benchmark")
    print(f"{'':12} {'F1':>6} {'P':>6} {'R':>6} {'no body':>8} {'pages/s':>8}")
    for name, found in results.items():
        print(
            f"{name:12} {found.f1:6.3f} {found.precision:6.3f} {found.recall:6.3f} "
            f"{found.empty:8d} {len(pages) / found.seconds:8.1f}"
        )
    speed = results["trafilatura"].seconds / results["ours"].seconds
    print(f"ours - trafilatura F1: {results['ours'].f1 - results['trafilatura'].f1:+.3f}; "
          f"speed {speed:.1f}x trafilatura's")  # fmt: skip
    behind = sorted(
        pages,
        key=lambda p: results["ours"].per_page[p.id][2] - results["trafilatura"].per_page[p.id][2],
    )
    print("\nwhere ours is furthest behind (F1 ours / trafilatura, P/R ours):")
    for page in behind[:worst]:
        p, r, f = results["ours"].per_page[page.id]
        print(f"  {f:.3f} / {results['trafilatura'].per_page[page.id][2]:.3f}  "
              f"P {p:.2f} R {r:.2f}  {page.url[:90]}")  # fmt: skip
    return results


def korean_report() -> None:
    """Saved Korean pages through the generic path, as if their sites had no module.

    Scored against the site parsers' expected records, beside trafilatura on
    the same pages: what ``scrapy crawl article`` gives on an outlet without
    a module.
    """
    from dataclasses import asdict

    from parsel import Selector

    from crawler.extract.generic import parse_generic
    from crawler.pipelines.clean import clean_record

    fixtures = ROOT / "tests" / "fixtures"
    cases = json.loads((fixtures / "cases.json").read_text(encoding="utf-8"))
    ours_f1, theirs_f1, subtitles_left = [], [], 0
    for case, info in sorted(cases.items()):
        raw = (fixtures / f"{case}.html").read_bytes()
        expected = json.loads((fixtures / f"{case}.json").read_text(encoding="utf-8"))
        record = asdict(parse_generic(Selector(text=raw.decode("utf-8", "replace")), info["url"]))
        clean_record(record)
        page = Page(case, info["url"], raw, expected["body"])
        ours_f1.append(prf(record["body"], expected["body"])[2])
        theirs_f1.append(prf(trafilatura(page), expected["body"])[2])
        paragraphs = record["body"].split("\n\n")
        subtitles_left += sum(s in paragraphs for s in expected["subtitles"])
    count = len(cases)
    print(f"\n{count} saved Korean pages through the generic path (body F1 against their records)")
    print(f"ours {sum(ours_f1) / count:.3f}  trafilatura {sum(theirs_f1) / count:.3f}  "
          f"subtitles left in our bodies: {subtitles_left}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=Path, default=PAGES, help="a folder laid out as the benchmark's"
    )
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    report(load(args.pages), args.worst)
    korean_report()


if __name__ == "__main__":
    main()
