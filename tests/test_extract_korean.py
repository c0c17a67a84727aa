"""Korean extraction mechanisms: the grammar of quotations, officials, clauses.

Each sentence here was written for these tests (none is taken from a news text); each
holds one mechanism.
"""

from __future__ import annotations

from kg.extract import extract


def _found(text: str) -> dict[frozenset[str], set[tuple[str, str]]]:
    out: dict[frozenset[str], set[tuple[str, str]]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(
            (r.type.value, r.status.value)
        )
    return out


def test_a_quotation_spoken_by_a_coordinated_subject_is_theirs() -> None:
    # The reporting clause's subject is two cities (A와 B는 "…"고 밝혔다): the quotation
    # names neither, and its tie is theirs.
    found = _found('안산시와 중국 웨이하이시는 "내년 봄 자매결연을 맺기로 합의했다"고 밝혔다.')
    assert found[frozenset({"Ansan", "Weihai"})] == {("sister_city", "planned")}


def test_a_quotation_spoken_with_another_city_states_its_events() -> None:
    # The speaker acts with another city's official (B시장과 회견을 갖고): the two report
    # their own doings, an event too (a lone speaker's quotation states ties only).
    joint = _found(
        "김철수 안산시장은 이날 일본 나가노시장과 공동 회견을 갖고 "
        '"두 도시의 청소년 교류를 내년부터 늘리기로 했다"고 밝혔다.'
    )
    assert ("exchange", "planned") in joint[frozenset({"Ansan", "Nagano"})]
    alone = _found('김철수 안산시장은 "나가노시와의 청소년 교류를 늘리겠다"고 말했다.')
    assert not alone
