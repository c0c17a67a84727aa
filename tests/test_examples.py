"""The examples run: the library script, every query in examples/queries; the named queries
answer as their plain forms."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
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
    seed_kg.add_relations(
        [
            record_to_relation(
                {
                    "type": "friendship",
                    "cities": [
                        {"name": "Jinju", "country": "KR", "geonames": 1846052},
                        {"name": "Suwon", "country": "KR", "geonames": 1835553},
                    ],
                    "source": "test",
                }
            )
        ]
    )
    rows = seed_kg.query(
        (ROOT / "examples" / "queries" / "two_hops.rq").read_text(encoding="utf-8")
    ).values()
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


def _rows(kg: KnowledgeGraph, text: str) -> list[tuple[object, ...]]:
    # GROUP_CONCAT's order is unspecified: compare its parts as sets.
    out = []
    for row in kg.query(text).values():
        out.append(
            tuple((k, frozenset(str(v).split(", ")) if v else v) for k, v in sorted(row.items()))
        )
    return sorted(out, key=repr)


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in (ROOT / "bench" / "rdflib_queries").glob("*.rq"))
)
def test_fast_example_query_answers_as_the_plain_form(name: str) -> None:
    # The example queries that read active relations from the typed edges, or match inside
    # each article's graph, give the answers of the same question asked plainly over the
    # union graph (bench/rdflib_queries), on articles with every type and status and with
    # relations reported by several outlets.
    from bench.corpus import CorpusGenerator

    items = list(CorpusGenerator(seed=3).articles(400))
    statuses = {r.status for _, rels in items for r in rels}
    assert len(statuses) == 4 and len({r.type for _, rels in items for r in rels}) == 7
    with KnowledgeGraph() as kg:
        kg.add(items)
        fast = _rows(kg, (ROOT / "examples" / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
        plain = _rows(
            kg, (ROOT / "bench" / "rdflib_queries" / f"{name}.rq").read_text(encoding="utf-8")
        )
    assert fast and fast == plain


@pytest.fixture(scope="module")
def corpus_kg() -> Iterator[KnowledgeGraph]:
    from bench.corpus import CorpusGenerator

    with KnowledgeGraph() as kg:
        kg.add(list(CorpusGenerator(seed=3).articles(400)))
        yield kg


def _cities(kg: KnowledgeGraph) -> list[object]:
    rows = kg.query(
        "SELECT ?city (COUNT(?rel) AS ?n) WHERE { ?rel ic:party ?city } GROUP BY ?city ORDER BY ?n"
    ).rows
    return [rows[0]["city"], rows[len(rows) // 2]["city"], rows[-1]["city"]]


def _bindings(kg: KnowledgeGraph, name: str) -> list[dict[str, object]]:
    if name == "relations_of_type":
        types = kg.query("SELECT DISTINCT ?t WHERE { ?r ic:relationType ?t }").rows
        return [{"type": row["t"]} for row in types]
    return [{}] + [{"city": city} for city in _cities(kg)]


@pytest.mark.parametrize("name", ["two_hops", "timeline", "officials_met", "relations_of_type"])
def test_named_query_answers_as_the_plain_form(corpus_kg: KnowledgeGraph, name: str) -> None:
    # The named queries are shaped for Oxigraph's on-disk store (sameTerm, sort keys from
    # the city's id, lookups forced per row); asked plainly over the union graph
    # (tests/data/plain_queries), the same question has the same rows.
    plain = (ROOT / "tests" / "data" / "plain_queries" / f"{name}.rq").read_text(encoding="utf-8")
    answered = 0
    for bindings in _bindings(corpus_kg, name):
        fast = corpus_kg.named(name, **bindings).rows
        slow = corpus_kg.query(plain, **bindings).rows
        assert sorted(map(repr, fast)) == sorted(map(repr, slow)), bindings
        answered += bool(fast)
    assert answered >= 2  # the whole store and its busiest city at least


@pytest.mark.parametrize("name", ["two_hops", "timeline"])
def test_named_query_keeps_each_city_together_in_iri_order(
    corpus_kg: KnowledgeGraph, name: str
) -> None:
    # Sorted by the city's short id rather than its IRI: the same order of cities.
    cities = [str(row["city"].value) for row in corpus_kg.named(name).rows]
    assert len(set(cities)) > 10 and cities == sorted(cities)
