"""Property tests (hypothesis): readers and the extractor on arbitrary input raise only
kg's own errors; evidence offsets slice the text to the evidence; extraction is
deterministic; export then import gives an isomorphic graph.

Example counts are kept moderate (see ``SETTINGS``) so that the suite stays fast; raise
them locally with ``HYPOTHESIS_PROFILE=deep``.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.ingest import read_items
from kg.io import read_relation_file, record_to_relation, relation_to_record
from kg.model import RelationType, Status

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SETTINGS = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CITY_NAMES_KO = [
    "고양시",
    "이우시",
    "쿤밍시",
    "진주시",
    "정저우",
    "수원시",
    "오사카",
    "부산",
    "광주",
    "중구",
]
CITY_NAMES_EN = ["Goyang", "Yiwu", "Kunming", "Jinju", "Suwon", "Osaka", "Busan", "Los Angeles"]
CUES = [
    "자매결연",
    "우호도시",
    "업무협약",
    "MOU",
    "간담회",
    "방문",
    "교류",
    "성금",
    "협약을 맺었다",
    "추진",
    "중단",
    "sister city",
    "friendship city",
    "signed",
    "visited",
    "met with",
    "donation",
    "planned",
]
FILLER = [
    "은",
    "는",
    "와",
    "과",
    "이",
    "가",
    "의",
    "에서",
    "시장",
    "부시장",
    " ",
    ". ",
    "\n",
    ", ",
    "지난 23일",
    "내년",
    "2024년 10월 24일",
    "중국",
    "일본",
    "(",
    ")",
    '"',
    "·",
]

korean_like_text = st.lists(
    st.one_of(
        st.sampled_from(CITY_NAMES_KO + CITY_NAMES_EN),
        st.sampled_from(CUES),
        st.sampled_from(FILLER),
        st.text(max_size=6),
    ),
    max_size=40,
).map("".join)


def _write(data: bytes, suffix: str) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / f"input{suffix}"
    path.write_bytes(data)
    return tmp, path


# --- readers ------------------------------------------------------------------------------


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".jsonl", ".csv", ".tsv", ".ndjson"]))
def test_relation_reader_on_arbitrary_bytes_raises_only_input_errors(
    data: bytes, suffix: str
) -> None:
    tmp, path = _write(data, suffix)
    with tmp:
        try:
            read_relation_file(path)
        except KGError as err:
            assert str(path) in str(err)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(st.sampled_from([t.value for t in RelationType]), json_values),
        "status": st.one_of(st.sampled_from([s.value for s in Status]), json_values),
        "cities": st.one_of(
            st.lists(
                st.one_of(st.sampled_from(CITY_NAMES_EN + CITY_NAMES_KO), json_values), max_size=4
            ),
            json_values,
        ),
        "date": st.one_of(
            st.sampled_from(["2024-10-23", "2024-10", "2024", "2024-13-40", "어제"]), json_values
        ),
        "place": json_values,
        "officials": json_values,
        "evidence": st.one_of(
            st.fixed_dictionaries(
                {"text": st.text(max_size=20), "start": json_values, "end": json_values}
            ),
            json_values,
        ),
        "source": json_values,
        "confidence": json_values,
    },
)


@SETTINGS
@given(records=st.lists(record_like, min_size=1, max_size=4))
def test_relation_reader_on_odd_records_raises_only_input_errors(
    records: list[dict[str, Any]],
) -> None:
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    tmp, path = _write(text.encode("utf-8"), ".jsonl")
    with tmp:
        try:
            relations = read_relation_file(path)
        except KGError as err:
            assert str(path) in str(err)
            return
        assert len(relations) == len(records)
        # What was read can be stored, and comes back as the same records.
        kg = KnowledgeGraph()
        kg.add_relations(relations)
        again = [record_to_relation(relation_to_record(r)) for r in relations]
        assert [r.identity for r in again] == [r.identity for r in relations]
        kg.close()


article_suffixes = st.sampled_from(
    [".txt", ".md", ".html", ".htm", ".jsonl", ".rss", ".atom", ".xml"]
)
article_bytes = st.one_of(
    st.binary(max_size=1500),
    korean_like_text.map(lambda t: t.encode("utf-8")),
    korean_like_text.map(lambda t: t.encode("cp949", errors="ignore")),
    korean_like_text.map(lambda t: ("<html><body><p>" + t + "</p><div <<").encode("utf-8")),
    korean_like_text.map(
        lambda t: json.dumps({"text": t, "title": t[:5]}, ensure_ascii=False).encode() + b"\n{"
    ),
    korean_like_text.map(
        lambda t: f"<?xml version='1.0'?><rss><channel><item><description>{t}".encode()
    ),
)


@SETTINGS
@given(data=article_bytes, suffix=article_suffixes)
def test_article_readers_on_arbitrary_bytes_raise_only_kg_errors(data: bytes, suffix: str) -> None:
    from kg.readers import read_articles

    tmp, path = _write(data, suffix)
    with tmp:
        try:
            articles = read_articles(path)
        except KGError:
            articles = []
        for article in articles:
            assert isinstance(article.text, str)
        try:  # the path kg ingest takes: binary and size checks, then the readers
            read_items(path)
        except KGError as err:
            assert str(path) in str(err)


# --- the extractor ---------------------------------------------------------------------


@SETTINGS
@given(text=korean_like_text)
def test_extraction_is_safe_exact_and_deterministic(text: str) -> None:
    from kg.extract import extract

    try:
        first = extract(text, source="t.txt", published="2024-10-24")
    except KGError:
        return
    for rel in first:
        assert len(rel.cities) >= 2
        if rel.evidence is not None:
            ev = rel.evidence
            assert text[ev.start : ev.end] == ev.text, (ev.start, ev.end, ev.text)
    second = extract(text, source="t.txt", published="2024-10-24")
    assert [relation_to_record(r) for r in first] == [relation_to_record(r) for r in second]


# --- export, then import -------------------------------------------------------------------

names = st.one_of(
    st.sampled_from(CITY_NAMES_EN),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12),
)
city = st.fixed_dictionaries(
    {"name": names, "country": st.sampled_from([None, "KR", "CN", "JP", "US"])},
)
relation_record = st.fixed_dictionaries(
    {
        "type": st.sampled_from([t.value for t in RelationType]),
        "status": st.sampled_from([s.value for s in Status]),
        "cities": st.lists(city, min_size=2, max_size=3),
        "date": st.sampled_from([None, "2024-10-23", "2019-05", "2031"]),
        "evidence": st.one_of(
            st.none(),
            st.text(min_size=1, max_size=30).map(
                lambda t: {"text": t, "start": 3, "end": 3 + len(t)}
            ),
        ),
        "source": st.one_of(
            st.sampled_from(["https://news.example/a", "b.txt"]), st.text(max_size=15)
        ),
        "confidence": st.floats(min_value=0, max_value=1),
    }
)


def _graphs(data: bytes) -> dict[str, Any]:
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@SETTINGS
@given(records=st.lists(relation_record, min_size=1, max_size=5))
def test_export_then_import_gives_an_isomorphic_graph(records: list[dict[str, Any]]) -> None:
    from rdflib.compare import isomorphic

    relations = []
    for rec in records:
        try:
            relations.append(record_to_relation(rec))
        except ValueError:
            continue
    assume(relations)
    first = KnowledgeGraph()
    first.add_relations(relations)
    out = io.BytesIO()
    first.export(out, "nquads")
    exported = out.getvalue()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.nq"
        path.write_bytes(exported)
        second = KnowledgeGraph()
        second.load_rdf(path)
        again = io.BytesIO()
        second.export(again, "nquads")
    a, b = _graphs(exported), _graphs(again.getvalue())
    assert set(a) == set(b)
    for name in a:
        assert isomorphic(a[name], b[name]), name
    assert sorted(exported.splitlines()) == sorted(again.getvalue().splitlines())
    first.close()
    second.close()
