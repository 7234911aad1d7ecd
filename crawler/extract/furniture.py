"""Page furniture that leaks into article text, as data: one rule per kind.

Each :class:`Rule` names a kind of leftover (toolbar words, copyright lines,
photo credits …) and says what to do with a paragraph that matches: drop it,
strip the matched text from it, or drop it and every short paragraph after
it (a "related articles" block). The cleaning pipeline applies the rules in
order, counts each removal under ``clean/removed/<rule name>``, and lets
settings switch rules off by name. Adding an outlet's copyright line is one
more alternative in a pattern here, not a branch in code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Action(Enum):
    DROP = "drop"
    """Drop the whole paragraph."""
    STRIP = "strip"
    """Remove the matched text; drop the paragraph if nothing is left."""
    DROP_REST = "drop_rest"
    """Drop the paragraph and the short ones after it (a list of headlines)."""


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    action: Action = Action.DROP
    max_length: int | None = None
    """Only paragraphs at most this long match: a long paragraph that merely
    mentions 저작권 is article text."""
    needles: tuple[str, ...] = ()
    """Substrings one of which a matching paragraph must contain: a quick test
    that spares most paragraphs the regular expression."""

    def may_match(self, paragraph: str) -> bool:
        """False when *paragraph* cannot match: too long, or without a needle."""
        if self.max_length is not None and len(paragraph) > self.max_length:
            return False
        return self._needle is None or self._needle.search(paragraph) is not None

    @cached_property
    def _needle(self) -> re.Pattern[str] | None:
        """The needles as one pattern: a search in C, twice as fast as a test per needle."""
        return re.compile("|".join(map(re.escape, self.needles))) if self.needles else None


def _compile(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


TOOLBAR_WORDS = (
    "기사 ?스크랩", "스크랩", "공유(?:하기)?", "댓글(?: ?\\d+)?", "클린뷰", "프린트", "인쇄",
    "글자 ?크기(?: ?설정)?", "뉴스 ?듣기", "기사 ?듣기", "음성 ?듣기", "번역",
    "좋아요(?: ?\\d+)?", "북마크", "페이스북", "트위터", "카카오톡", "URL ?복사", "링크 ?복사",
    "가 ?가", "가나다라마바사", "닫기", "구독", "기자 ?구독", "구독하기",
    "텍스트 ?음성 ?변환 ?서비스 ?사용하기", "본문 ?글자 ?크기",
    "작게", "보통", "크게", "아주 ?크게", "SNS ?공유",
)  # fmt: skip
_TOOLBAR_ONLY = re.compile(rf"^(?:(?:{'|'.join(TOOLBAR_WORDS)})[\s,·|/]*)+$")
_TOOLBAR_LEAD = re.compile(rf"^(?:(?:{'|'.join(TOOLBAR_WORDS)})[\s,·|/]+){{2,}}")

RULES: tuple[Rule, ...] = (
    Rule("toolbar", _TOOLBAR_ONLY),
    Rule("toolbar_lead", _TOOLBAR_LEAD, Action.STRIP),
    Rule(
        "copyright",
        _compile(
            r"무단\s*전재",
            r"재\s*배포\s*(?:및|&)?\s*(?:AI\s*학습\s*(?:및\s*활용\s*)?)?금지",
            r"[ⓒ©]\s*\S+",
            r"(?i:copyrights?)\s*(?:[ⓒ©]|\([cC]\))",
            r"(?i:all\s+rights\s+reserved)",
            r"저작권자\s*(?:[ⓒ©]|\(c\))",
        ),
        max_length=160,
        needles=("전재", "배포", "ⓒ", "©", "opyright", "OPYRIGHT", "ights", "IGHTS", "저작권"),
    ),
    Rule(
        "related",
        _compile(
            r"^[▶▷☞►■◆]?\s*(?:관련\s*기사|관련\s*뉴스|함께\s*보면\s*좋은\s*기사|이\s*기사와\s*함께\s*많이\s*본\s*뉴스)\s*[▶▷]?$",
        ),
        Action.DROP_REST,
    ),
    Rule(
        "most_read",
        _compile(
            r"^[▶▷■]?\s*(?:많이\s*본\s*뉴스|인기\s*기사|실시간\s*인기|가장\s*많이\s*본\s*기사)"
        ),
        Action.DROP_REST,
    ),
    Rule(
        "subscription",
        _compile(
            r"^[▶▷☞※]\s*.*(?:구독|바로\s*가기|받아\s*보세요|다운로드|앱\s*설치|채널\s*추가|친구\s*추가)",
            r"(?:네이버|다음|카카오|유튜브|텔레그램).{0,20}(?:구독|채널\s*추가|친구\s*추가)",
            r"^\[?\s*(?:한경|매경|머니투데이|이데일리|서울경제)\S*\s*(?:바로\s*가기|구독하기)\s*\]?$",
            r"^(?:제보|기사\s*제보|보도자료)\s*[:=]?\s*\S+@\S+$",
            r"^(?:기자\s*)?구독(?:하고|하시면).*",
        ),
        max_length=120,
        needles=("▶", "▷", "☞", "※", "구독", "가기", "채널", "친구", "@"),
    ),
    Rule(
        "photo_credit",
        _compile(
            r"[\[(]\s*(?:사진|그래픽|자료|출처|영상|일러스트|이미지)\s*[=:]\s*[^\])]{1,40}[\])]",
            r"[\[(]\s*출처\s*[:=]?\s*[^\])]{1,40}[\])]",
            r"^(?:사진|그래픽|자료|출처|일러스트)\s*[=:]\s*\S.{0,40}$",
            r"^/?\s*(?:사진|그래픽)\s*=\s*\S+$",
        ),
        Action.STRIP,
        needles=("사진", "그래픽", "자료", "출처", "영상", "일러스트", "이미지"),
    ),
    Rule(
        "promotion",
        _compile(
            r"^(?:본|이)\s*기사는\s.{0,80}(?:서비스|송고|게재|출고)된\s*기사입니다\.?$",
            r"^※\s*(?:이\s*기사는|본\s*기사는|해당\s*기사는)",
        ),
        max_length=160,
    ),
    Rule("bare_url", re.compile(r"^(?:https?://|www\.)\S+$")),
    Rule("wire_end", re.compile(r"^\(?끝\)?$|^<끝>$")),
)
"""Every rule, in the order they are applied."""

_SHORT = 60
"""Paragraphs after a DROP_REST header that are at most this long are dropped with it."""


def apply_rules(
    paragraphs: Iterable[str], rules: Iterable[Rule], removed: Counter[str]
) -> list[str]:
    """Apply *rules* to *paragraphs*; count every removal in *removed* by rule name."""
    out = list(paragraphs)
    for rule in rules:
        kept: list[str] = []
        dropping_rest = False
        for paragraph in out:
            if dropping_rest:
                if len(paragraph) <= _SHORT:
                    removed[rule.name] += 1
                    continue
                dropping_rest = False
            if not rule.may_match(paragraph):
                kept.append(paragraph)
                continue
            if rule.action is Action.STRIP:
                stripped = rule.pattern.sub(" ", paragraph).strip()
                if stripped != paragraph:
                    removed[rule.name] += 1
                    stripped = re.sub(r"\s{2,}", " ", stripped)
                    if stripped:
                        kept.append(stripped)
                    continue
            elif rule.pattern.search(paragraph):
                removed[rule.name] += 1
                dropping_rest = rule.action is Action.DROP_REST
                continue
            kept.append(paragraph)
        out = kept
    return out
