"""Properties of extraction on any text: it never fails, and what it returns is well-formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract

# Pieces of city news, mixed at random: names, particles, cue words, quotes, dates, noise.
PIECES = [
    "고양시",
    "이우시",
    "쿤밍",
    "진주시장",
    "중구",
    "부산은행",
    "대구FC",
    "중국",
    "일본 ",
    "는 ",
    "와 ",
    "에서 ",
    "자매결연",
    "우호교류",
    "방문",
    "간담회",
    "추진",
    "중단",
    "지난 23일",
    "이날",
    "내년",
    "양 도시",
    '"',
    "“",
    "”",
    ". ",
    "\n",
    "• ",
    "Seoul",
    " and ",
    "Osaka",
    ", Japan",
    " sister city ",
    "Mayor Kim ",
    "terminated",
    " will ",
    "(서울=연합뉴스)",
    "시는 ",
    "세 도시 간",
    "12",
    "-",
    "·",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([None, "2024-10-24"]))
def test_extract_is_total_and_well_formed(pieces: list[str], published: str | None) -> None:
    text = "".join(pieces)
    relations = extract(text, source="x", published=published)
    keys = set()
    for r in relations:
        assert len({c.key for c in r.cities}) >= 2
        assert r.evidence is not None
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert 0.0 < r.confidence <= 1.0
        assert r.source == "x"
        key = (frozenset(c.key for c in r.cities), r.type, r.status)
        assert key not in keys
        keys.add(key)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_extract_never_fails_on_any_text(text: str) -> None:
    for r in extract(text):
        assert r.evidence is not None and text[r.evidence.start : r.evidence.end] == r.evidence.text
