"""The examples run: the library script, and every query in examples/queries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))


def test_library_example_runs(tmp_path: Path) -> None:
    out = tmp_path / "example.html"
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "use_library.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Goyang - Yiwu" in result.stdout
    assert out.exists()


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_example_query_runs(seed_kg: KnowledgeGraph, path: Path) -> None:
    result = seed_kg.query(path.read_text(encoding="utf-8"))
    assert result.kind == "select"
    if path.stem != "two_hops":
        assert result.rows, f"{path.name} found nothing in the seed"


def test_two_hops_finds_partners_of_partners(seed_kg: KnowledgeGraph) -> None:
    from kg.io import record_to_relation

    # Jinju - Suwon makes Suwon two hops from Goyang (via Jinju).
    seed_kg.add_relations([
        record_to_relation({"type": "friendship", "cities": [
            {"name": "Jinju", "country": "KR", "geonames": 1846052},
            {"name": "Suwon", "country": "KR", "geonames": 1835553}], "source": "test"})
    ])
    rows = seed_kg.query((ROOT / "examples" / "queries" / "two_hops.rq").read_text(encoding="utf-8")).values()
    assert {"name": "Suwon", "via_name": "Jinju"} in rows


@pytest.mark.parametrize(
    "path",
    QUERIES + sorted((ROOT / "kg" / "queries").glob("*.rq")),
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_query_reads_as_a_select_to_sparqlwrapper(path: Path) -> None:
    # SPARQLWrapper guesses the query form from the first keyword it finds, and its comment
    # stripping misses every other comment line: "drops" in a comment made a SELECT a DROP,
    # which it then refused to send by GET.
    from SPARQLWrapper import SPARQLWrapper

    wrapper = SPARQLWrapper("http://127.0.0.1:1/sparql")
    wrapper.setQuery(path.read_text(encoding="utf-8"))
    assert wrapper.queryType == "SELECT"
