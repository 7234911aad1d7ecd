"""Near-duplicate detection on real articles and on variants of them."""

from __future__ import annotations

import copy
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from crawler.dedupe.index import Decision, DedupeIndex, Verdict
from crawler.dedupe.minhash import MinHasher, bands_for, similarity
from crawler.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import FIXTURES

RECORDS = [
    json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(FIXTURES.glob("*/*.json"))
    if path.name != "cases.json" and "-b" not in path.stem  # -b is the same mt article again
]

WIRE = next(r for r in RECORDS if r["article_id"] == "202401298662Y")
"""The hankyung story from a wire service: the record most often republished."""


def variants(record: dict) -> dict[str, dict]:
    """Edited republications of *record*, each under another outlet's key."""
    paragraphs = record["body"].split("\n\n")
    out = {}
    rewired = copy.deepcopy(record)
    rewired["body"] = "\n\n".join(["(서울=뉴스1) 홍길동 기자 = " + paragraphs[0], *paragraphs[1:]])
    out["other_byline"] = rewired
    if len(paragraphs) > 3:
        trimmed = copy.deepcopy(record)
        trimmed["body"] = "\n\n".join(paragraphs[:-1])
        out["trimmed_last_paragraph"] = trimmed
    captioned = copy.deepcopy(record)
    captioned["body"] = "\n\n".join([paragraphs[0], "사진은 기사와 관련 없음.", *paragraphs[1:]])
    out["added_caption"] = captioned
    several = [i for i, p in enumerate(paragraphs) if ". " in p]
    if several:
        at = several[0]
        sentences = paragraphs[at].split(". ")
        sentences[0], sentences[1] = sentences[1], sentences[0]
        swapped = copy.deepcopy(record)
        swapped["body"] = "\n\n".join(
            [*paragraphs[:at], ". ".join(sentences), *paragraphs[at + 1 :]]
        )
        out["reordered_sentences"] = swapped
    for name, variant in out.items():
        variant["source"] = "other"
        variant["article_id"] = f"{record['article_id']}-{name}"
        variant["url"] = f"https://other.example/{record['article_id']}/{name}"
    return out


def test_labelled_pairs_precision_and_recall() -> None:
    hasher = MinHasher()
    signatures = {r["url"]: hasher.signature(r["body"]) for r in RECORDS}
    positives = []
    for record in RECORDS:
        for variant in variants(record).values():
            positives.append(
                similarity(signatures[record["url"]], hasher.signature(variant["body"]))
            )
    negatives = [
        similarity(signatures[a["url"]], signatures[b["url"]])
        for a, b in itertools.combinations(RECORDS, 2)
    ]
    threshold = 0.7
    true_positive = sum(s >= threshold for s in positives)
    false_positive = sum(s >= threshold for s in negatives)
    recall = true_positive / len(positives)
    precision = true_positive / (true_positive + false_positive)
    assert len(positives) >= 35 and len(negatives) >= 45
    assert recall >= 0.95, sorted(positives)[:5]
    assert precision >= 0.99, sorted(negatives)[-5:]


def test_distinct_articles_of_the_same_day_and_topic_stay_apart() -> None:
    # Two mk stories of 28 May 2025 and the two hankyung stories on Chinese tech.
    hasher = MinHasher()
    by_id = {r["article_id"]: r for r in RECORDS}
    for first, second in [("11328184", "11329112"), ("202401298662Y", "2026042037091")]:
        score = similarity(
            hasher.signature(by_id[first]["body"]), hasher.signature(by_id[second]["body"])
        )
        assert score < 0.2


def test_index_decisions(tmp_path: Path) -> None:
    index = DedupeIndex(tmp_path / "state.db")
    assert index.decide(WIRE).verdict is Verdict.UNIQUE
    assert index.decide(WIRE).verdict is Verdict.SAME_KEY
    republished = variants(WIRE)["other_byline"]
    decision = index.decide(republished)
    assert decision.verdict is Verdict.NEAR
    assert decision.duplicate_of == WIRE["url"]
    exact = copy.deepcopy(WIRE)
    exact.update(source="x", article_id="1", url="https://x.example/1")
    assert index.decide(exact).duplicate_of == WIRE["url"]
    index.close()

    # The next run (a new index on the same file) still knows the story.
    again = DedupeIndex(tmp_path / "state.db")
    trimmed = variants(WIRE)["trimmed_last_paragraph"]
    assert again.decide(trimmed).duplicate_of == WIRE["url"]
    again.close()


def test_a_duplicate_of_a_duplicate_points_to_the_first_seen(tmp_path: Path) -> None:
    index = DedupeIndex(None)
    index.decide(WIRE)
    chain = variants(WIRE)
    assert index.decide(chain["added_caption"]).duplicate_of == WIRE["url"]
    assert index.decide(chain["trimmed_last_paragraph"]).duplicate_of == WIRE["url"]


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9])
def test_bands_put_the_s_curve_near_the_threshold(threshold: float) -> None:
    bands, rows = bands_for(threshold, 64)
    assert bands * rows == 64
    assert abs((1 / bands) ** (1 / rows) - threshold) < 0.12


def test_signatures_are_stable_across_processes() -> None:
    # Fixed value: a signature stored by one run must match the next run's.
    text = EXPECTED_FIRST_PARAGRAPH
    signature = MinHasher().signature(text)
    assert signature[:4].tolist() == [1184985988, 2479337304, 963234536, 1718412297]
    # A process with another hash seed gives the same values.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from crawler.dedupe.minhash import MinHasher; "
         "print(MinHasher().signature(sys.argv[1])[:4].tolist())", text],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "12345"},
    )  # fmt: skip
    assert done.stdout.strip() == "[1184985988, 2479337304, 963234536, 1718412297]"


EXPECTED_FIRST_PARAGRAPH = (
    "삼성전자가 중국에서 출시되는 최신 스마트폰 갤럭시 S24 시리즈에 중국 최대 검색기업 바이두가 "
    "챗GPT 대항마로 개발한 인공지능 챗봇 어니봇을 핵심 기능으로 탑재한다고 블룸버그통신이 보도했다"
)


def test_an_article_is_never_a_duplicate_of_itself(tmp_path: Path) -> None:
    # DEDUPE_PATH beside a JSON Lines output, or a crawl killed after the
    # decision was committed and before the row was: the state knows the
    # body, the output may not hold it, so it passes on to be written.
    first = DedupeIndex(tmp_path / "state.db")
    assert first.decide(WIRE).verdict is Verdict.UNIQUE
    first.close()
    second = DedupeIndex(tmp_path / "state.db")
    assert second.decide(WIRE) == Decision(Verdict.UNIQUE)
    second.close()
    edited = dict(WIRE, body=variants(WIRE)["trimmed_last_paragraph"]["body"])
    third = DedupeIndex(tmp_path / "state.db")
    assert third.decide(edited).verdict is Verdict.UPDATED
    third.close()


def test_another_threshold_rebuilds_the_buckets_from_stored_signatures(tmp_path: Path) -> None:
    strict = DedupeIndex(tmp_path / "state.db", threshold=0.9)
    strict.decide(WIRE)
    strict.close()
    loose = DedupeIndex(tmp_path / "state.db", threshold=0.5)
    assert loose.db.execute("SELECT value FROM dedupe_meta").fetchone()[0] == "16x4"
    assert loose.decide(variants(WIRE)["trimmed_last_paragraph"]).duplicate_of == WIRE["url"]
    copy_elsewhere = dict(WIRE, source="x", article_id="1", url="https://x.example/1")
    assert loose.decide(copy_elsewhere) == Decision(Verdict.EXACT, WIRE["url"])
    loose.close()


def test_signatures_of_a_version_2_archive_carry_over(tmp_path: Path) -> None:
    path = tmp_path / "articles.db"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:2], start=1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    db.execute(
        "INSERT INTO dedupe_signatures (url, signature) VALUES (?, ?)",
        (WIRE["url"], MinHasher().signature(WIRE["body"]).tobytes()),
    )
    db.commit()
    db.close()
    index = DedupeIndex(path)
    assert index.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    decision = index.decide(variants(WIRE)["other_byline"])
    assert (decision.verdict, decision.duplicate_of) == (Verdict.NEAR, WIRE["url"])
    index.close()


def test_a_state_of_another_signature_length_is_refused(tmp_path: Path) -> None:
    index = DedupeIndex(tmp_path / "state.db", num_perm=128)
    index.decide(WIRE)
    index.close()
    with pytest.raises(ValueError, match="signatures of 128 values, not DEDUPE_NUM_PERM=64"):
        DedupeIndex(tmp_path / "state.db", num_perm=64)


def test_two_crawls_share_one_state_file_created_at_once(tmp_path: Path) -> None:
    # DEDUPE_PATH of their own for two crawls started together: both create
    # the file, batch their decisions (commit_every), and neither fails or
    # loses the other's documents.
    path = tmp_path / "dedupe.db"
    halves = [RECORDS[::2], RECORDS[1::2]]
    errors: list[Exception] = []

    def crawl(records: list[dict]) -> None:
        try:
            index = DedupeIndex(path, commit_every=3, timeout=30)
            for record in records:
                index.decide(record)
            assert index.close()
        except Exception as exc:  # reported below, with the other thread's
            errors.append(exc)

    threads = [threading.Thread(target=crawl, args=(half,)) for half in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(path) as state:
        urls = {row[0] for row in state.execute("SELECT url FROM dedupe_documents")}
    assert urls == {r["url"] for r in RECORDS if r["body"]}
