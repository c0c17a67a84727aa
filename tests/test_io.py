"""Relation records: JSON lines and CSV, both ways, and errors that name file and line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from _helpers import RECORD_FIELDS

from kg.errors import InputError
from kg.graph import sample_path
from kg.io import read_relation_file, record_to_relation, relation_to_record, write_records


def test_record_round_trip_keeps_every_field() -> None:
    for line in sample_path().read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        again = relation_to_record(record_to_relation(record))
        assert {k: again[k] for k in ("type", "status", "date", "evidence", "source")} == {
            k: record[k] for k in ("type", "status", "date", "evidence", "source")
        }
        assert sorted(c["geonames"] for c in again["cities"]) == sorted(
            c["geonames"] for c in record["cities"]
        )
        assert sorted(o["name"] for o in again["officials"]) == sorted(
            o["name"] for o in record["officials"]
        )


def test_csv_round_trip(tmp_path: Path) -> None:
    relations = read_relation_file(sample_path())
    out = tmp_path / "rel.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        assert write_records(relations, f, "csv") == 8
    again = read_relation_file(out)
    assert [r.identity for r in again] == [r.identity for r in relations]
    assert [r.officials for r in again] == [r.officials for r in relations]
    assert [r.evidence for r in again] == [r.evidence for r in relations]


def test_jsonl_writer_matches_the_public_record() -> None:
    buf = io.StringIO()
    write_records(read_relation_file(sample_path())[:1], buf)
    record = json.loads(buf.getvalue())
    assert set(record) == set(RECORD_FIELDS)
    assert set(record["cities"][0]) == {"name", "name_ko", "country", "geonames"}


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('{"type": "meeting", "cities": [{"name": "Goyang"}]}', 1, "two or more"),
        ('{"type": "wedding", "cities": ["Goyang", "Yiwu"]}', 1, "not one of"),
        ('\n{"type": "meeting", "status": "maybe", "cities": ["Goyang", "Yiwu"]}', 2, "status"),
        (
            '{"type": "meeting", "cities": ["Goyang", "Yiwu"], "date": "2024-02-30"}',
            1,
            "not a date",
        ),
        ('{"type": "meeting", "cities": ["Goyang", "Yiwu"]}\n{broken', 2, "not valid JSON"),
    ],
)
def test_bad_jsonl_names_file_and_line(
    tmp_path: Path, content: str, line: int, message: str
) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_relation_file(f)
    assert info.value.line == line
    assert message in str(info.value)
    assert str(f) in str(info.value)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("type,cities,colour\nmeeting,Goyang;Yiwu,red\n", 1, "unknown column"),
        ("status\nactive\n", 1, "missing column"),
        ("type,cities\nmeeting,Goyang;Yiwu\nmeeting,Goyang;Jinju,extra\n", 3, "3 fields"),
        ("type,cities,countries\nmeeting,Goyang;Yiwu,KR\n", 2, "countries"),
    ],
)
def test_bad_csv_names_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    f = tmp_path / "in.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_relation_file(f)
    assert info.value.line == line
    assert message in str(info.value)
