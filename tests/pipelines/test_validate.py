"""Bad pages are dropped with a reason and the crawl goes on."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import FIXTURES

PAGE_2024 = FIXTURES / "hankyung/article-202401298662Y.html"
PAGE_2026 = FIXTURES / "hankyung/article-2026042037091.html"
BASE = "https://www.hankyung.com/article/"


def archive(folder: Path, pages: dict[str, bytes]) -> Path:
    """A replay folder with *pages* (article id → body) and their manifest."""
    folder.mkdir()
    lines = []
    for article_id, body in pages.items():
        (folder / f"{article_id}.html").write_bytes(body)
        headers = {"Content-Type": "text/html; charset=UTF-8"}
        lines.append(
            json.dumps({"url": BASE + article_id, "file": f"{article_id}.html", "headers": headers})
        )
    (folder / "manifest.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_broken_pages_are_dropped_with_reasons(crawl, tmp_path: Path) -> None:
    good = PAGE_2026.read_bytes()
    text = PAGE_2024.read_text(encoding="utf-8")
    # Variants of the real 2024 page: its body container gone (a layout
    # change), cut off halfway, and re-encoded in cp949 while still
    # declaring UTF-8.
    no_body = re.sub(r'<div class="article-body" id="articletxt".*?</div>', "", text, flags=re.S)
    pages = {
        "2026042037091": good,
        "2024012900001": no_body.encode("utf-8"),
        "2024012900002": text.encode("utf-8")[: len(text) // 2],
        "2024012900003": text.encode("cp949", errors="replace"),
    }
    folder = archive(tmp_path / "pages", pages)
    urls = ",".join(BASE + article_id for article_id in pages)
    result = crawl("article", "-a", f"urls={urls}", "-s", f"REPLAY={folder}")

    assert [i["article_id"] for i in result.items] == ["2026042037091"]
    assert result.stats["validate/dropped/no_body"] == 1
    assert result.stats["article/rejected/truncated"] == 1
    assert result.stats["validate/dropped/bad_charset"] == 1
    assert result.stats["validate/passed"] == 1
    assert "no_body: https://www.hankyung.com/article/" in result.log


def test_page_declaring_the_wrong_charset_is_repaired(crawl, tmp_path: Path) -> None:
    text = PAGE_2026.read_text(encoding="utf-8").replace(
        '<meta charset="UTF-8" />',
        '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
    )
    assert "charset=euc-kr" in text
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.html").write_bytes(text.encode("utf-8"))
    result = crawl("article", "-a", f"urls={BASE}2026042037091", "-s", f"REPLAY={folder}")
    [item] = result.items
    assert item["title"] == "\"운전 중 변기에 볼일 보세요\"…中 전기차 '기막힌 발상'"
    assert result.stats["article/charset_repaired"] == 1
