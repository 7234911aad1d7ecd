"""Extraction quality over every saved page with an expected record, against trafilatura.

    python -m bench.quality [--json results.json]

Body precision, recall and F1 are computed as the article-extraction
benchmark of scrapinghub does: the text split into ``\\w+`` tokens, compared
as counted 4-token shingles. Title, ``published_at`` and author names are
exact-match rates. trafilatura's ``extract`` runs on the same bytes in the
same run. Then the generic extractor on the article-extraction benchmark
(:mod:`bench.extraction`). Where fundus (flairNLP) has published its own expected parse of a
page (the mk pages), our body is also scored against that independent
reference, so the score does not rest on our expected records alone.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import extraction
from crawler.parsing.pages import parse_saved
from tests.scoring import prf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FUNDUS = ROOT.parent / "shared" / "fixtures" / "expected"


def fundus_body(case: str) -> str | None:
    """Body text of fundus's expected parse of *case*, when it published one."""
    path = FUNDUS / f"{case.replace('/', '-')}.fundus.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    newest = data[sorted(data)[-1]]
    sections = newest["body"]["sections"]
    return "\n\n".join(p for s in sections for p in s["paragraphs"])


def trafilatura_body(body: bytes) -> str:
    import trafilatura

    return trafilatura.extract(body.decode("utf-8", "replace"), include_comments=False) or ""


def evaluate() -> list[dict]:
    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    rows = []
    for case, info in sorted(cases.items()):
        raw = (FIXTURES / f"{case}.html").read_bytes()
        expected = json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))
        ours = parse_saved(raw, info["url"], info["charset"])
        p, r, f = prf(ours["body"], expected["body"])
        tp, tr, tf = prf(trafilatura_body(raw), expected["body"])
        row = {
            "page": case,
            "precision": p,
            "recall": r,
            "f1": f,
            "title": ours["title"] == expected["title"],
            "published_at": ours["published_at"] == expected["published_at"],
            "authors": [a["name"] for a in ours["authors"]]
            == [a["name"] for a in expected["authors"]],
            "trafilatura_precision": tp,
            "trafilatura_recall": tr,
            "trafilatura_f1": tf,
        }
        reference = fundus_body(case)
        if reference is not None:
            row["f1_vs_fundus"] = prf(ours["body"], reference)[2]
            row["trafilatura_f1_vs_fundus"] = prf(trafilatura_body(raw), reference)[2]
        rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument(
        "--pages", type=Path, default=extraction.PAGES, help="benchmark pages for the generic path"
    )
    parser.add_argument("--worst", type=int, default=10, help="benchmark pages furthest behind")
    args = parser.parse_args()
    rows = evaluate()
    print(
        f"{'page':38} {'P':>5} {'R':>5} {'F1':>5}  {'tP':>5} {'tR':>5} {'tF1':>5}  "
        "title date authors  vs-fundus"
    )
    for row in rows:
        fundus = (
            f"{row['f1_vs_fundus']:.3f}/{row['trafilatura_f1_vs_fundus']:.3f}"
            if "f1_vs_fundus" in row
            else ""
        )
        print(
            f"{row['page']:38} {row['precision']:5.3f} {row['recall']:5.3f} {row['f1']:5.3f}  "
            f"{row['trafilatura_precision']:5.3f} {row['trafilatura_recall']:5.3f} "
            f"{row['trafilatura_f1']:5.3f}  {row['title']!s:5} {row['published_at']!s:5} "
            f"{row['authors']!s:7}  {fundus}"
        )
    count = len(rows)
    mean = {k: sum(r[k] for r in rows) / count for k in ("precision", "recall", "f1")}
    t_mean = sum(r["trafilatura_f1"] for r in rows) / count
    exact = {k: sum(r[k] for r in rows) / count for k in ("title", "published_at", "authors")}
    print(
        f"{'mean':38} {mean['precision']:5.3f} {mean['recall']:5.3f} {mean['f1']:5.3f}  "
        f"{'':5} {'':5} {t_mean:5.3f}  {exact['title']:.2f}  {exact['published_at']:.2f}  "
        f"{exact['authors']:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    print()
    extraction.report(extraction.load(args.pages), args.worst)
    extraction.korean_report()


if __name__ == "__main__":
    main()
