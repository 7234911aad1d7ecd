"""The cleaning pipeline in a real crawl, on a page whose body is a naive extraction."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import FIXTURES
from tests.extract.test_clean import EXPECTED_2026, naive_variant

URL = "https://www.hankyung.com/article/2026042037091"


def naive_page(folder: Path) -> Path:
    """The saved 2026 page with its subtitle box removed and its body container
    holding the naive extraction's paragraphs."""
    page = (FIXTURES / "hankyung/article-2026042037091.html").read_text(encoding="utf-8")
    page = re.sub(r'<div class="summary">.*?</div>', "", page, count=1, flags=re.S)
    body = "<br><br>".join(naive_variant()["body"].split("\n\n"))
    page = re.sub(
        r'(<div class="article-body" id="articletxt" itemprop="articleBody">).*?(</div>\s*</div>)',
        lambda m: m.group(1) + body + m.group(2),
        page,
        count=1,
        flags=re.S,
    )
    folder.mkdir()
    (folder / "page.html").write_text(page, encoding="utf-8")
    return folder


def test_naive_page_comes_out_clean(crawl, tmp_path: Path) -> None:
    folder = naive_page(tmp_path / "pages")
    result = crawl("article", "-a", f"urls={URL}", "-s", f"REPLAY={folder}")
    [item] = result.items
    assert item["body"] == EXPECTED_2026["body"]
    assert item["subtitles"] == EXPECTED_2026["subtitles"]
    assert item["authors"] == [{"name": "김은정", "email": "kej@hankyung.com"}]
    assert item["dateline"] == "베이징"
    assert result.stats["clean/removed/toolbar"] == 5
    assert result.stats["clean/removed/repeated_paragraph"] == 6
    assert result.stats["clean/moved/subtitle"] == 2


def test_a_switched_off_rule_leaves_its_lines(crawl, tmp_path: Path) -> None:
    folder = naive_page(tmp_path / "pages")
    result = crawl(
        "article", "-a", f"urls={URL}", "-s", f"REPLAY={folder}",
        "-s", "CLEAN_DISABLED_RULES=toolbar",
    )  # fmt: skip
    [item] = result.items
    assert item["body"].startswith("기사 스크랩")
    assert "clean/removed/toolbar" not in result.stats
