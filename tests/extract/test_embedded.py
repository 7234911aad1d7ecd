"""Bodies held only in embedded page data (hand-made pages: no such page has been saved;
the shapes are those of Arc XP's Fusion.globalContent, Next.js's __NEXT_DATA__ and its App
Router stream, and React Query's dehydrated state; the text is the saved 2026 hankyung
article's)."""

from __future__ import annotations

import json

from parsel import Selector

from crawler.extract.generic import parse_generic
from tests.conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "hankyung/article-2026042037091.json").read_text("utf-8"))
PARAGRAPHS = EXPECTED["body"].split("\n\n")
HEAD = (
    "<html><head><title>t</title>"
    '<meta property="og:title" content="{title}">'
    '<link rel="canonical" href="https://news.example.kr/{path}">'
    '<meta property="article:published_time" content="2026-04-20T21:00:01+09:00">'
    "</head>"
).format(title=EXPECTED["title"].replace('"', "&quot;"), path="{path}")


def test_arc_fusion_global_content() -> None:
    content = {
        "content_elements": [{"type": "text", "content": f"<b>{p}</b>"} for p in PARAGRAPHS]
        + [{"type": "image", "url": "https://img.example/1.jpg"}]
    }
    page = (
        HEAD.format(path="arc/1")
        + '<body><div id="fusion-app"></div><script>window.Fusion=window.Fusion||{};'
        + f"Fusion.globalContent={json.dumps(content, ensure_ascii=False)};"
        + "Fusion.spaEnabled=true;</script></body></html>"
    )
    article = parse_generic(Selector(text=page), "https://news.example.kr/arc/1")
    assert article.body == EXPECTED["body"]
    assert article.title == EXPECTED["title"]
    assert article.published_at == "2026-04-20T21:00:01+09:00"


def test_next_data() -> None:
    data = {
        "props": {
            "pageProps": {
                "article": {"title": "x", "content": "<p>" + "</p><p>".join(PARAGRAPHS) + "</p>"}
            }
        }
    }
    page = (
        HEAD.format(path="next/1")
        + '<body><div id="__next"><p>로딩 중</p></div>'
        + f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>'
        + "</body></html>"
    )
    article = parse_generic(Selector(text=page), "https://news.example.kr/next/1")
    assert article.body == EXPECTED["body"]


def flight_push(chunk: str) -> str:
    return f"<script>self.__next_f.push({json.dumps([1, chunk], ensure_ascii=False)})</script>"


def test_next_app_router_stream_split_across_chunks() -> None:
    html = "<p>" + "</p><p>".join(PARAGRAPHS) + "</p>"
    row = json.dumps(["$", "div", None, {"dangerouslySetInnerHTML": {"__html": html}}])
    stream = f'0:["$","$L1",null,{{}}]\n1:{row}\n2:["$","footer",null,{{}}]\n'
    middle = len(stream) // 2
    page = (
        HEAD.format(path="rsc/1")
        + "<body><main><p>기사를 불러오는 중입니다</p></main>"
        + "<script>(self.__next_f=self.__next_f||[]).push([0])</script>"
        + flight_push(stream[:middle])
        + flight_push(stream[middle:])
        + "</body></html>"
    )
    article = parse_generic(Selector(text=page), "https://news.example.kr/rsc/1")
    assert article.body == EXPECTED["body"]


def test_next_app_router_text_row() -> None:
    text = "\n".join(PARAGRAPHS)
    stream = f'3:T{len(text.encode()):x},{text}\n4:["$","p",null,{{}}]\n'
    page = HEAD.format(path="rsc/2") + "<body><main></main>" + flight_push(stream) + "</body>"
    article = parse_generic(Selector(text=page), "https://news.example.kr/rsc/2")
    assert article.body == EXPECTED["body"]


def test_react_query_dehydrated_state() -> None:
    state = {
        "mutations": [],
        "queries": [
            {"queryKey": ["menu"], "state": {"data": {"items": ["경제", "증권"]}}},
            {
                "queryKey": ["article", "1"],
                "state": {
                    "data": {"title": EXPECTED["title"], "articleBody": "\n".join(PARAGRAPHS)}
                },
            },
        ],
    }
    page = (
        HEAD.format(path="rq/1")
        + '<body><div id="root"></div><script>window["__RQ_R_abc"] = window["__RQ_R_abc"] || [];'
        + f'window["__RQ_R_abc"].push({json.dumps(state, ensure_ascii=False)});</script>'
        + "</body></html>"
    )
    article = parse_generic(Selector(text=page), "https://news.example.kr/rq/1")
    assert article.body == EXPECTED["body"]


def test_a_page_with_its_body_in_markup_keeps_it() -> None:
    page = (FIXTURES / "other/einfomax-4296544.html").read_text("utf-8")
    article = parse_generic(
        Selector(text=page), "https://news.einfomax.co.kr/news/articleView.html?idxno=4296544"
    )
    assert "▲미군 사망, 중동 확전 도화선 될까…불안한 금융시장" in article.body
