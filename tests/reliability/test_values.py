"""Bad values inside records and articles (issue 17): each file fails alone, named with its
line and field, and the good files of the same folder are stored as if alone."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from _helpers import RECORD_FIELDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kgrun import record, run_kg, snapshot

GOOD = {
    "type": "meeting",
    "cities": [{"name": "Goyang", "country": "KR"}, {"name": "Yiwu", "country": "CN"}],
    "date": "2024-10-23",
}
TEXT = "고양시와 이우시가 우호도시 협약을 맺었다."

#: (case, file name, line written as is, the field named in the message)
BAD: list[tuple[str, str, str, str]] = [
    (
        "lone surrogate in a city name",
        "surrogate.jsonl",
        '{"type": "meeting", "cities": [{"name": "\\ud800"}, {"name": "Yiwu"}]}',
        "cities[0].name",
    ),
    ("number as the date", "date.jsonl", json.dumps({**GOOD, "date": 2024}), "date"),
    (
        "full-width digits are read, letters are not",
        "date-text.jsonl",
        json.dumps({**GOOD, "date": "October"}),
        "date",
    ),
    ("number as the source", "source.jsonl", json.dumps({**GOOD, "source": 5}), "source"),
    (
        "number as a city name",
        "city.jsonl",
        json.dumps({"type": "meeting", "cities": [{"name": 5}, {"name": "Yiwu"}]}),
        "cities[0].name",
    ),
    (
        "list as a city",
        "city-list.jsonl",
        json.dumps({"type": "meeting", "cities": [["Goyang"], "Yiwu"]}),
        "cities[0]",
    ),
    (
        "Infinity as an offset",
        "inf.jsonl",
        json.dumps(GOOD)[:-1] + ', "evidence": {"text": "x", "start": Infinity, "end": 2}}',
        "evidence.start",
    ),
    (
        "1e400 as a GeoNames id",
        "big.jsonl",
        '{"type": "meeting", "cities": [{"name": "A", "geonames": 1e400}, {"name": "B"}]}',
        "cities[0].geonames",
    ),
    (
        "NaN as the confidence",
        "nan.jsonl",
        json.dumps(GOOD)[:-1] + ', "confidence": NaN}',
        "confidence",
    ),
    (
        "a record naming 1,000 cities",
        "thousand.jsonl",
        json.dumps({"type": "meeting", "cities": [f"C{i}" for i in range(1000)]}),
        "cities names 1,000",
    ),
    (
        "article: number as the title",
        "a-title.jsonl",
        json.dumps({"text": TEXT, "title": 5}),
        "title",
    ),
    ("article: number as the url", "a-url.jsonl", json.dumps({"text": TEXT, "url": 5}), "url"),
    (
        "article: list as the language",
        "a-lang.jsonl",
        json.dumps({"text": TEXT, "lang": ["ko"]}),
        "lang",
    ),
    (
        "article: number as the date",
        "a-date.jsonl",
        json.dumps({"text": TEXT, "date": 2024}),
        "date",
    ),
    (
        "article: lone surrogate in the text",
        "a-sur.jsonl",
        '{"text": "고양시 \\udc80 이우시"}',
        "text",
    ),
]


def _good_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    wide = {**GOOD, "cities": [{"name": "Goyang"}, {"name": "Jinju"}], "date": "２０２４-１０-２３"}
    (folder / "wide-date.jsonl").write_text(
        json.dumps(wide, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def test_bad_values_fail_alone_and_the_good_files_are_stored(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    inbox = tmp_path / "inbox"
    _good_files(inbox)
    clean = run_kg("ingest", inbox, store=reference)  # the same paths: the same article IRIs
    assert clean.code == 0, clean.err

    for _, name, line, _ in BAD:
        (inbox / name).write_text("\n" + line + "\n", encoding="utf-8")  # the bad record on line 2
    os.mkdir(inbox / "names")
    shutil.copy(inbox / "good.jsonl", os.fsencode(inbox / "names") + b"/b\xffd.jsonl")
    store = tmp_path / "store"
    result = run_kg("ingest", inbox, store=store)
    result.assert_clean()
    assert result.code == 1, result.err
    errors = [line for line in result.err.splitlines() if line.startswith("Error:")]
    for case, name, _, field in BAD:
        mine = [e for e in errors if f"/{name}, line 2: " in e]
        assert len(mine) == 1 and field in mine[0], (case, mine, result.err)
        record(
            f"bad value: {case}",
            name,
            type(result)(1, "", mine[0]),
            "= store of the good files alone",
        )
    named = [e for e in errors if "not UTF-8" in e]
    assert len(named) == 1 and "b\\xffd.jsonl" in named[0], result.err
    record(
        "file name that is not UTF-8",
        "names/b\\xffd.jsonl",
        type(result)(1, "", named[0]),
        "= store of the good files alone",
    )
    assert len(errors) == len(BAD) + 1, errors
    assert snapshot(store) == snapshot(reference)
    dates = run_kg(
        "query",
        "--format",
        "csv",
        "SELECT DISTINCT ?d WHERE { ?r sem:hasTimeStamp ?d }",
        store=store,
    )
    assert sorted(dates.out.split()[1:]) == ["2024-10-23"], dates.out  # full-width read as digits


_ODD_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=12
) | st.sampled_from(
    ["\ud800", "\udcff", "\x00", "\u2028", "\ufeff", "２０２４", "고양시", "\U0001f600"]
)
_JUNK: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | _ODD_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ODD_TEXT, inner, max_size=3),
    max_leaves=6,
)
_RECORDS = st.builds(
    lambda base, changes: {**base, **changes},
    st.just(GOOD),
    st.dictionaries(st.sampled_from(RECORD_FIELDS), _JUNK, min_size=1, max_size=3),
)
_ARTICLES = st.builds(
    lambda changes: {"text": TEXT, **changes},
    st.dictionaries(
        st.sampled_from(["title", "url", "lang", "date", "published", "publisher", "text"]),
        _JUNK,
        min_size=1,
        max_size=3,
    ),
)


def _dump(obj: Any) -> str:
    # json.dumps writes lone surrogates as \ud800 escapes and floats as Infinity / NaN
    return json.dumps(obj)


@settings(
    max_examples=int(os.environ.get("KG_VALUES_EXAMPLES", "5")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    records=st.lists(_RECORDS, min_size=1, max_size=4),
    articles=st.lists(_ARTICLES, min_size=1, max_size=3),
)
def test_odd_values_never_crash_and_never_lose_the_good_files(
    tmp_path_factory: Any, records: list[dict[str, Any]], articles: list[dict[str, Any]]
) -> None:
    base = tmp_path_factory.mktemp("odd")
    inbox = base / "inbox"
    _good_files(inbox)
    for i, rec in enumerate(records):
        (inbox / f"r{i}.jsonl").write_text(_dump(rec) + "\n", encoding="utf-8")
    for i, art in enumerate(articles):
        (inbox / f"a{i}.jsonl").write_text(_dump(art) + "\n", encoding="utf-8")
    result = run_kg("ingest", inbox, store=base / "store")
    result.assert_clean()  # no traceback, no internal error
    assert result.code in (0, 1), result.err
    failed = {
        line.split(":")[1].strip().split(",")[0]
        for line in result.err.splitlines()
        if line.startswith("Error:")
    }
    assert not any(name.endswith(("good.jsonl", "wide-date.jsonl")) for name in failed), result.err
    # the good files' relations are all there, whatever happened to the others
    asked = run_kg(
        "query",
        "--format",
        "csv",
        "ASK { ?a rdfs:label 'Goyang'@en ; ic:metWith ?b . ?b rdfs:label 'Jinju'@en }",
        store=base / "store",
    )
    assert asked.out.strip().splitlines()[-1] == "true", (asked.out, result.err)
    shutil.rmtree(base)
