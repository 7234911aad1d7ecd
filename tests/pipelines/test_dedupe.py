"""Deduplication in real crawls: several URLs of one article, a republication, a second run."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.store import ArticleStore
from tests.conftest import FIXTURES
from tests.real_size import write_archive
from tests.synthetic import republication

ARTICLE = "https://www.hankyung.com/article/202401298662Y"
REPUBLISHED = "https://news.example.kr/article/777"


def archive(folder: Path) -> Path:
    """The 2024 wire story, the same page under a legacy URL, and a republication of
    the story by another outlet (the saved page under another canonical URL, with
    that outlet's byline and copyright line, and one paragraph cut)."""
    folder.mkdir()
    page = (FIXTURES / "hankyung/article-202401298662Y.html").read_text(encoding="utf-8")
    (folder / "article.html").write_text(page, encoding="utf-8")
    other = republication(REPUBLISHED, cut=True)
    assert "hong@example.kr" in other and "제대로 활용되는" not in other
    (folder / "other.html").write_text(other, encoding="utf-8")
    manifest = [
        {
            "url": "https://www.hankyung.com/news/app/newsview.php?aid=202401298662Y",
            "file": "article.html",
        },
    ]
    (folder / "manifest.jsonl").write_text(
        "\n".join(json.dumps(m) for m in manifest), encoding="utf-8"
    )
    return folder


def test_one_record_per_article_and_a_marked_republication(crawl, tmp_path: Path) -> None:
    folder = archive(tmp_path / "pages")
    urls = ",".join(
        [
            "https://m.hankyung.com/article/202401298662Y?utm_source=naver",
            "https://www.hankyung.com/economy/article/202401298662Y",
            "https://www.hankyung.com/news/app/newsview.php?aid=202401298662Y",
            ARTICLE,
            REPUBLISHED,
        ]
    )
    first = crawl(
        "article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}", output="a.db", append=True
    )
    assert first.stats["dupefilter/filtered"] == 3  # four URLs of one article, fetched once
    assert first.stats["dedupe/unique"] == 1
    assert first.stats["dedupe/near"] == 1
    with ArticleStore(tmp_path / "a.db", readonly=True) as store:
        records = {r["url"]: r for r in store.records()}
    assert sorted(records) == [REPUBLISHED, ARTICLE]
    marked = [r for r in records.values() if r["duplicate_of"]]
    assert len(marked) == 1
    assert marked[0]["duplicate_of"] in records and marked[0]["duplicate_of"] != marked[0]["url"]

    second = crawl(
        "article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}", output="a.db", append=True
    )
    assert second.stats["dedupe/dropped/unchanged"] == 2
    with ArticleStore(tmp_path / "a.db", readonly=True) as store:
        assert store.count() == 2


def test_drop_action_drops_the_republication(crawl, tmp_path: Path) -> None:
    folder = archive(tmp_path / "pages")
    result = crawl(
        "article", "-a", f"urls={ARTICLE},{REPUBLISHED}", "-s", f"REPLAY={folder}",
        "-s", "DEDUPE_ACTION=drop",
    )  # fmt: skip
    assert len(result.items) == 1
    assert result.stats["dedupe/dropped/near"] == 1


def test_a_replay_batches_its_decisions_and_commits_them_before_each_archive_batch(
    crawl, tmp_path: Path
) -> None:
    """In a replay the state holds its write transaction for up to 100 decisions, on the
    archive's own file: each archive batch (7 articles here) is written all the same, the
    state's open decisions committed first, with no lock waited on."""
    archive = tmp_path / "pages.warc.gz"
    urls = write_archive(archive, 30)
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls), encoding="utf-8")
    result = crawl(
        "article", "-a", f"urls_file={listing}", "-s", f"REPLAY={archive}",
        "-s", "ARCHIVE_BATCH_SIZE=7", "-s", "SQLITE_TIMEOUT=1", output="a.db",
    )  # fmt: skip
    assert result.stats["dedupe/unique"] == 30
    assert result.stats["archive/inserted"] == 30
    assert result.stats["archive/batches"] == 5
    assert "archive/write_errors" not in result.stats
    with ArticleStore(tmp_path / "a.db", readonly=True) as store:
        assert store.count() == 30
        assert store.db.execute("SELECT count(*) FROM dedupe_documents").fetchone()[0] == 30
