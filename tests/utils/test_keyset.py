"""KeySet against a Python set of the same keys, and the duplicate filter built on it."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.dupefilter import CompactDupeFilter
from crawler.utils.keyset import KeySet


def test_keyset_answers_as_a_set_across_merges() -> None:
    rng = random.Random(7)
    keys = [rng.randrange(-(2**63), 2**63) for _ in range(5_000)]
    keys += keys[:700]  # repeats, some of them after a merge
    keyset, reference = KeySet(pending=256), set()
    for key in keys:
        assert (key in keyset) == (key in reference)
        keyset.add(key)
        reference.add(key)
    assert len(keyset) == len(reference) == 5_000
    for probe in (rng.randrange(-(2**63), 2**63) for _ in range(1_000)):
        assert (probe in keyset) == (probe in reference)
    assert -(2**63) not in keyset and 2**63 - 1 not in keyset


def test_bytes_keys_are_their_first_eight_bytes() -> None:
    fingerprints = [hashlib.sha1(str(n).encode()).digest() for n in range(100)]
    keyset = KeySet(fingerprints[:50], pending=16)
    assert all(fp in keyset for fp in fingerprints[:50])
    assert not any(fp in keyset for fp in fingerprints[50:])
    assert int.from_bytes(fingerprints[0][:8], "little", signed=True) in keyset


def test_the_duplicate_filter_keeps_its_fingerprints_in_a_keyset(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)})
    first = CompactDupeFilter.from_crawler(crawler)
    urls = [f"https://www.hankyung.com/article/20260420{n:05d}" for n in range(3_000)]
    assert not any(first.request_seen(Request(url)) for url in urls)
    assert all(first.request_seen(Request(url)) for url in urls)
    first.close("finished")
    # A resumed job (JOBDIR) reads what the first one saw into its KeySet.
    resumed = CompactDupeFilter.from_crawler(crawler)
    assert all(resumed.request_seen(Request(url)) for url in urls)
    assert not resumed.request_seen(Request(urls[-1] + "A"))
    resumed.close("finished")
