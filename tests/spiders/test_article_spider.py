"""``scrapy crawl article``: given URLs routed to site parsers or the generic extractor."""

from __future__ import annotations

import gzip
import json

from tests.conftest import FIXTURES
from tests.scoring import prf


def test_routes_hankyung_urls_to_the_site_parser(crawl) -> None:
    urls = ",".join(
        [
            "https://www.hankyung.com/article/202401298662Y",
            "https://www.hankyung.com/article/2026042037091",
        ]
    )
    result = crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    assert [i["source"] for i in result.items] == ["hankyung", "hankyung"]
    titles = {i["title"] for i in result.items}
    assert titles == {
        "\"삼성전자, 中출시 갤럭시 S24에 바이두 AI '어니봇' 탑재\"",
        "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'",
    }


def test_unknown_domain_gets_the_generic_extraction(crawl, tmp_path) -> None:
    url = "https://news.einfomax.co.kr/news/articleView.html?idxno=4296544"
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(f"# one article\n{url}\n", encoding="utf-8")
    result = crawl("article", "-a", f"urls_file={urls_file}", "-s", f"REPLAY={FIXTURES / 'other'}")
    [item] = result.items
    assert item["source"] == "generic"
    assert item["url"] == url
    assert item["article_id"] == "news.einfomax.co.kr/news/articleView.html?idxno=4296544"
    assert item["title"] == "[오전 주요 국제금융뉴스] (29일)"
    assert item["published_at"] == "2024-01-29T15:17:15+09:00"
    assert item["section"] == "국제뉴스"
    paragraphs = item["body"].split("\n\n")
    assert "▲미군 사망, 중동 확전 도화선 될까…불안한 금융시장" in paragraphs
    assert "https://news.einfomax.co.kr" not in item["body"]


def test_a_known_outlets_page_that_is_no_article_url_gets_the_generic_extraction(
    crawl, tmp_path
) -> None:
    # The saved 2026 page, served under a hankyung subdomain the module does not handle.
    url = "https://plus.hankyung.com/apps/newsinside.view?aid=2026042037091"
    page = (FIXTURES / "hankyung/article-2026042037091.html").read_text("utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.html").write_text(
        page.replace("https://www.hankyung.com/article/2026042037091", url), encoding="utf-8"
    )
    result = crawl("article", "-a", f"urls={url}", "-s", f"REPLAY={folder}")
    [item] = result.items
    assert item["source"] == "generic"
    assert item["published_at"] == "2026-04-20T21:00:01+09:00"
    assert "세레스는 최근 차량용 화장실 특허를 확보했다" in item["body"]


def test_replayed_pages_of_unknown_sites_give_their_bodies(crawl, tmp_path) -> None:
    # Pages of the article-extraction benchmark, replayed as a user's crawl
    # of outlets without a module; one is msn.com's copy of a cnn story,
    # whose canonical names cnn.com: its record keeps the page it was read from.
    benchmark = FIXTURES / "benchmarks/article-extraction"
    truth = json.loads((benchmark / "ground-truth.json").read_text("utf-8"))
    chosen = [key for key, item in sorted(truth.items()) if "msn.com" in item["url"]]
    chosen += sorted(truth)[:4]
    folder = tmp_path / "pages"
    folder.mkdir()
    with (folder / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for key in chosen:
            page = gzip.decompress((benchmark / "html" / f"{key}.html.gz").read_bytes())
            (folder / f"{key}.html").write_bytes(page)
            manifest.write(json.dumps({"url": truth[key]["url"], "file": f"{key}.html"}) + "\n")
    urls = ",".join(truth[key]["url"] for key in chosen)
    result = crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}")
    bodies = {item["url"]: item["body"] for item in result.items}
    assert set(bodies) == {truth[key]["url"] for key in chosen}
    for key in chosen:
        assert prf(bodies[truth[key]["url"]], truth[key]["articleBody"])[2] >= 0.9
