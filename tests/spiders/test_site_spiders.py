"""The other sites' spiders through the real engine, replaying their saved feeds and pages."""

from __future__ import annotations

import json
import shutil

from tests.conftest import FIXTURES


def expected(case: str) -> dict:
    return json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))


def test_edaily_from_its_rss_feed(crawl) -> None:
    result = crawl("edaily", "-s", f"REPLAY={FIXTURES / 'edaily'}")
    [item] = result.items
    want = expected("edaily/article-05569446645418088")
    for field in ("url", "article_id", "title", "published_at", "body", "authors"):
        assert item[field] == want[field], field
    assert result.stats["discovery/rss"] == 1
    assert result.stats["discovery/entries"] == 50


def test_article_spider_routes_every_site(crawl, tmp_path) -> None:
    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    chosen = [
        "mk/news-world-11331368",
        "edaily/article-05569446645418088",
        "hankyung/article-2026042037091",
    ]
    folder = tmp_path / "pages"
    folder.mkdir()
    for case in chosen:
        shutil.copy(FIXTURES / f"{case}.html", folder / f"{case.replace('/', '-')}.html")
    urls = ",".join(cases[c]["url"] for c in chosen)
    result = crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}")
    by_source = {item["source"]: item for item in result.items}
    assert sorted(by_source) == ["edaily", "hankyung", "mk"]
    for case in chosen:
        want = expected(case)
        got = by_source[want["source"]]
        for field in ("url", "title", "published_at", "body", "subtitles", "authors"):
            assert got[field] == want[field], (case, field)


def test_mt_page_with_a_wrong_charset_declaration(crawl, tmp_path) -> None:
    url = "http://news.mt.co.kr/mtview.php?no=2019013122370465870"
    folder = tmp_path / "pages"
    folder.mkdir()
    page = "mtview-2019013122370465870-a.html"  # declares euc-kr, is UTF-8
    shutil.copy(FIXTURES / "mt" / page, folder / page)
    result = crawl("mt", "-a", f"urls={url}", "-s", f"REPLAY={folder}")
    [item] = result.items
    want = expected("mt/mtview-2019013122370465870-a")
    assert item["title"] == want["title"]
    assert item["body"] == want["body"]
    assert item["url"] == "https://news.mt.co.kr/mtview.php?no=2019013122370465870"
    assert result.stats["article/charset_repaired"] == 1
    assert result.stats["article/extent/span"] == 1


def test_pages_parsed_in_a_worker_process_give_the_same_records(crawl, tmp_path) -> None:
    cases = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
    folder = tmp_path / "pages"
    folder.mkdir()
    for case in cases:
        shutil.copy(FIXTURES / f"{case}.html", folder / f"{case.replace('/', '-')}.html")
    urls = ",".join(dict.fromkeys(info["url"] for info in cases.values()))
    runs = {
        workers: crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}",
                       "-s", f"PARSE_WORKERS={workers}", output=f"out-{workers}.jsonl")
        for workers in (0, 1)
    }  # fmt: skip
    assert runs[1].stats["parse/workers"] == 1
    assert runs[0].stats["parse/workers"] == 0
    by_url = {w: {item["url"]: item for item in run.items} for w, run in runs.items()}
    assert len(by_url[1]) == len(set(urls.split(","))) == 11
    for url, item in by_url[1].items():
        # A folder of saved pages has no fetch times: each run stamps its own.
        assert {k for k in item if item[k] != by_url[0][url][k]} <= {"fetched_at"}, url
    assert sorted(item["title"] for item in by_url[1].values()) == sorted(
        json.loads((FIXTURES / f"{case}.json").read_text(encoding="utf-8"))["title"]
        for case in cases
        if case != "mt/mtview-2019013122370465870-b"
    )
