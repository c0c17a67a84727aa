"""Plain-text helpers: sentences with offsets, quotes, page boilerplate, datelines."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "sentences", "quote_spans", "is_korean", "dateline_spans"]

_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
# A line of page chrome: a bullet list item (related headlines), a copyright or share line.
_BULLET = re.compile(r"^\s*(?:[•·▶►■□○●◆◇▲△※☞➤\-*]|\d+\.)\s+\S")
_CHROME = re.compile(
    r"저작권자|무단\s?전재|재배포\s?금지|ⓒ|©|Copyright|All rights reserved|좋아요|공유하기|URL\s?복사|"  # noqa: E501
    r"도배방지|글자\s?크기|기사\s?(?:입력|등록|승인|수정)|입력\s?:|^\s*\(끝\)|편집자주|Advertisement|"
    r"You are viewing|Go to Main Content",
    re.IGNORECASE,
)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Mt|Ft|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Fla|Calif|"
    r"Gov|Sen|Rep|Prof|Inc|Co|Corp|Ltd|vs|etc|U\.S|U\.K|S)\.|\b[A-Z]\.)$"
)
_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "\u300e": "\u300f", "\u300c": "\u300d"}


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text: its span, and whether it sits in page chrome."""

    start: int
    end: int
    chrome: bool = False


def is_korean(text: str) -> bool:
    """True when Hangul makes up a good part of the letters.

    >>> is_korean("고양시는 이우시와"), is_korean("Seoul and LA signed an MOU")
    (True, False)
    """
    sample = text[:4000]
    letters = sum(map(str.isalpha, sample)) or 1
    return sum(map(len, _HANGUL_RUN.findall(sample))) / letters > 0.3


def sentences(text: str) -> list[Sentence]:
    """Split into sentences, one line at a time, never inside a quotation.

    >>> t = '가 시장은 "좋다. 정말"이라고 말했다. 나는 갔다.'
    >>> [t[s.start:s.end] for s in sentences(t)]
    ['가 시장은 "좋다. 정말"이라고 말했다.', '나는 갔다.']
    >>> t = "맺었다.이 시장은 갔다. Seoul met Paris.Busan met Tokyo. 3.5% 늘었다."
    >>> [t[s.start:s.end] for s in sentences(t)]
    ['맺었다.', '이 시장은 갔다.', 'Seoul met Paris.', 'Busan met Tokyo.', '3.5% 늘었다.']
    """
    out: list[Sentence] = []
    pos = 0
    lines = text.split("\n")
    bullets = [bool(_BULLET.match(line)) and len(line.strip()) < 160 for line in lines]
    for i, line in enumerate(lines):
        start_of_line = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        # A bullet line among other bullet lines is a list of links (related headlines).
        near = bullets[max(0, i - 3) : i] + bullets[i + 1 : i + 4]
        chrome = bool(bullets[i] and any(near)) or bool(_CHROME.search(line) and len(line) < 200)
        for s, e in _split_line(line):
            out.append(Sentence(start_of_line + s, start_of_line + e, chrome))
    return out


def _glued(line: str, i: int) -> bool:
    """A sentence end with no space after it, as scraped text loses it: a Korean final
    ending before Hangul (있다.이 시장은), a lower-case word before a capitalised one
    (Paris.Busan); not a decimal, an abbreviation (U.S.) or a domain (yna.co.kr)."""
    if line[i] != "." or i + 1 >= len(line):
        return False
    before, after = line[i - 1 : i], line[i + 1 : i + 3]
    if before in ("다", "요", "음", "함", "임") and re.match(r"[\uac00-\ud7a3\"'“‘(\[]", after):
        return True
    return bool(
        re.search(r"[a-z]{2}$", line[max(0, i - 3) : i])
        and re.match(r"[A-Z][a-z]", after)
        and not re.search(r"(?:www|http|\.com|\.co|\.kr|\.org)", line[max(0, i - 30) : i + 10])
    )


def _split_line(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    closing: str | None = None
    n = len(line)
    i = 0
    while i < n:
        ch = line[i]
        if closing is not None:
            if ch == closing:
                closing = None
        elif ch in _QUOTES and (ch != '"' or line.count('"', i + 1) > 0):
            closing = _QUOTES[ch]
        elif ch in ".!?。" and (i + 1 == n or line[i + 1] in " \t\u00a0\"'”’)" or _glued(line, i)):
            j = i + 1
            while j < n and line[j] in "\"'”’)":
                j += 1
            if ch == "." and _ABBREV.search(line[max(0, i - 6) : i + 1]):
                i += 1
                continue
            if (
                j < n
                and ch == "."
                and line[i - 1 : i].isdigit()
                and line[j : j + 2].strip()[:1].isdigit()
            ):
                i += 1
                continue
            spans.append((start, j))
            while j < n and line[j] in " \t\u00a0":
                j += 1
            start = j
            i = j
            continue
        i += 1
    if start < n and line[start:].strip():
        spans.append((start, n))
    return [
        (
            s + len(line[s:e]) - len(line[s:e].lstrip()),
            e - (len(line[s:e]) - len(line[s:e].rstrip())),
        )
        for s, e in spans
        if line[s:e].strip()
    ]


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of direct quotations ("..." or “...”) inside ``text[start:end]`` (inner text)."""
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in _QUOTES:
            close = _QUOTES[ch]
            j = text.find(close, i + 1, end)
            if j > i + 1:
                # A short quote is a name or a title ('달빛동맹'), not speech.
                if j - i > 12:
                    out.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return out


_DATELINE = re.compile(
    r"[\[(][^\[\]()\n]{1,30}=\s?[^\[\]()\n]{1,30}[\])]"  # [서울=뉴시스], (블라디보스토크=연합뉴스)
    r"|\[사진\s?=[^\]]*\]|사진\s?=\s?\S+"
    r"|^[A-Z][A-Z .'-]{2,40},(?:\s[A-Z][A-Za-z.]+,?)?(?:\s[A-Z][a-z]{2}\.?\s\d{1,2},?)?(?:\s\d{4})?"
    r"(?:\s\([A-Za-z]+\))?\s?(?:--|—|–|-)",
    re.MULTILINE,
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Spans of datelines and photo credits, whose place names are not parties.

    >>> t = "[남양주=뉴스핌] 박 기자 = 경기 양주시는"
    >>> [t[s:e] for s, e in dateline_spans(t)]
    ['[남양주=뉴스핌]']
    """
    return [m.span() for m in _DATELINE.finditer(text)]
