"""How a run ended: the exit status rule, in Python and as SQL over ``runs``, the same."""

from __future__ import annotations

import json
import sqlite3

import pytest

from crawler.health import EXITED_NONZERO_SQL, REFUSED, UNSTORED, exit_status, failure_reason

CASES = [
    ({"finish_reason": "finished"}, 0),
    ({"finish_reason": "finished", "archive/unsaved": 3}, UNSTORED),
    ({"finish_reason": "finished", "archive/lost": 1}, UNSTORED),
    # Runs recorded before the store pipeline counted these under sqlite/.
    ({"finish_reason": "finished", "sqlite/unsaved": 2}, UNSTORED),
    ({"finish_reason": "finished", "sqlite/lost": 1}, UNSTORED),
    ({"finish_reason": "archive_busy"}, REFUSED),
    ({"finish_reason": "shutdown"}, 0),
]


@pytest.mark.parametrize(("stats", "status"), CASES)
def test_exit_status(stats: dict, status: int) -> None:
    assert exit_status(stats) == status


def test_the_sql_rule_picks_the_runs_that_exited_non_zero() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, finish_reason TEXT, stats TEXT)")
    db.executemany(
        "INSERT INTO runs (id, finish_reason, stats) VALUES (?, ?, ?)",
        [(n, s.get("finish_reason"), json.dumps(s)) for n, (s, _) in enumerate(CASES)],
    )
    picked = {n for (n,) in db.execute(f"SELECT id FROM runs WHERE {EXITED_NONZERO_SQL}")}
    assert picked == {n for n, (_, status) in enumerate(CASES) if status}


def test_an_old_run_s_unsaved_articles_are_told_in_words() -> None:
    assert failure_reason({"sqlite/unsaved": 2, "finish_reason": "finished"}) == (
        "2 articles could not be stored and were saved beside the archive"
    )
