"""One city, one fact: identity of cities, articles and relations, curation, read-back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract import extract
from kg.graph import KnowledgeGraph, sample_path
from kg.ingest import read_article_file
from kg.namespaces import RELATIONS_GRAPH, TYPE

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed" / "goyang-yiwu-2024-10-24.txt"


def _relations_graph(kg: KnowledgeGraph) -> set[str]:
    node = ox.NamedNode(str(RELATIONS_GRAPH))
    return {str(q) for q in kg.oxigraph.quads_for_pattern(None, None, None, node)}


def _consistent(kg: KnowledgeGraph) -> None:
    """The relations graph written step by step equals the one worked out from scratch."""
    before = _relations_graph(kg)
    kg.store.rebuild_relations()  # type: ignore[union-attr]
    assert _relations_graph(kg) == before


def _counts(runner: CliRunner, store: Path, html: Path) -> tuple[int, int, int, int]:
    stats = json.loads(runner.invoke(cli, ["--store", str(store), "stats", "--json"]).output)
    out = runner.invoke(cli, ["--store", str(store), "neighbors", "고양", "--json"]).output
    neighbours = json.loads(out)
    goyang = sum(len(p["relations"]) for p in neighbours["partners"])
    assert runner.invoke(cli, ["--store", str(store), "viz", "-o", str(html)]).exit_code == 0
    with KnowledgeGraph(store, read_only=True) as kg:
        g = kg.networkx()
        in_view = len({k for _, _, k in g.edges(keys=True)})
        of_goyang = len(kg.relations(city="고양"))
        union = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?r a ic:Relation }").values()[0]["n"]
    assert stats["relations"] == in_view == int(union or 0)
    # Each of Goyang's relations once per partner it joins Goyang with.
    nodes = {
        (r.type, r.status, r.date, tuple(c.key for c in r.cities)) for r in _all(store, "고양")
    }
    assert goyang == sum(len(keys) - 1 for *_, keys in nodes)
    assert of_goyang >= len(nodes)
    return stats["articles"], stats["relations"], goyang, in_view


def _all(store: Path, city: str) -> list:  # type: ignore[type-arg]
    with KnowledgeGraph(store, read_only=True) as kg:
        return kg.relations(city=city)


def test_city_labels_come_from_the_gazetteer_and_names_go_by_script(tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text(
        "type,status,cities,countries\n"
        "friendship,active,광주;Busan,KR;KR\n"
        "sister_city,active,Busan;Freiburg im Breisgau,KR;DE\n",
        encoding="utf-8",
    )
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path(), SEED, csv])
        conforms, _, text = kg.validate()
        assert conforms, text
        rows = kg.query(
            "SELECT ?l WHERE { ?c dcterms:identifier 'gn:1841811' ; rdfs:label ?l }"
        ).values()
        labels = {r["l"] for r in rows}
        assert labels == {"Gwangju", "광주광역시"}  # the gazetteer's, not the row's "광주"@en
        alts = kg.query("SELECT ?l WHERE { ?c rdfs:label 'Yiwu'@en ; skos:altLabel ?l }")
        assert any(
            r["l"] is not None and r["l"].value == "이우시" and r["l"].language == "ko"
            for r in alts.rows
        )
        g = kg.networkx()
        from kg.analysis import city_name, find_city

        assert city_name(g, find_city(g, "광주")) == "Gwangju"


@pytest.mark.parametrize(
    "order",
    [("text", "record", "extract"), ("record", "extract", "text"), ("extract", "text", "record")],
)
def test_seed_in_any_form_any_order_twice_is_one_article_counted_once(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    text = tmp_path / SEED.name
    shutil.copy(SEED, text)
    extracted = tmp_path / "extracted.jsonl"
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(text)])
    assert result.exit_code == 0
    extracted.write_text(result.output, encoding="utf-8")
    files = {"text": text, "record": sample_path(), "extract": extracted}
    store = tmp_path / "store"
    seen = []
    for _ in range(2):
        for name in order:
            result = runner.invoke(cli, ["--store", str(store), "ingest", str(files[name])])
            assert result.exit_code == 0, result.output
            seen.append(_counts(runner, store, tmp_path / "view.html"))
    assert all(articles == 1 for articles, *_ in seen)
    assert seen[-1] == seen[2]  # the second round changes nothing
    with KnowledgeGraph(store, read_only=True) as kg:
        _consistent_read_only(kg)
        conforms, _, report = kg.validate()
        assert conforms, report
        # Plain SPARQL over the union: each relation once.
        rows = kg.query("SELECT ?a ?b WHERE { ?a ic:metWith ?b }").values()
        assert len(rows) == len({(r["a"], r["b"]) for r in rows})


def _consistent_read_only(kg: KnowledgeGraph) -> None:
    copy = KnowledgeGraph()
    copy.store.load_quads(kg.store.quads())
    _consistent(copy)


def test_five_copies_and_a_reworded_report_make_one_relation_with_its_sources(
    tmp_path: Path,
) -> None:
    one = "Seoul and Busan signed a sister city agreement on 2024-05-01. The mayors met."
    other = "On 2024-05-01 Busan and Seoul signed a sister city agreement, officials said."
    paths = []
    for i in range(5):
        p = tmp_path / f"copy-{i}.txt"
        p.write_text(one, encoding="utf-8")
        paths.append(p)
    reworded = tmp_path / "reworded.txt"
    reworded.write_text(other, encoding="utf-8")
    with KnowledgeGraph() as kg:
        kg.ingest([*paths, reworded])
        rows = kg.query(
            "SELECT ?rel (COUNT(DISTINCT ?g) AS ?articles) (GROUP_CONCAT(DISTINCT ?src; "
            "separator='|') AS ?srcs) "
            "WHERE { ?rel a ic:Relation ; ic:relationType ictype:sister_city ; prov:wasDerivedFrom "
            "?g . "
            "?g dcterms:source ?src } GROUP BY ?rel"
        ).values()
        assert len(rows) == 1
        assert rows[0]["articles"] == "2"
        assert set(rows[0]["srcs"].split("|")) == {str(p) for p in [*paths, reworded]}
        assert kg.stats()["articles"] == 2
        sister = [r for r in kg.relations() if r.type.value == "sister_city"]
        assert sorted(r.evidence.text for r in sister if r.evidence) == sorted(
            r.evidence.text
            for r in extract(one) + extract(other)
            if r.type.value == "sister_city" and r.evidence
        )
        _consistent(kg)
        # Removing one article keeps the relation, with the other as its source.
        g = [r for r in kg.store.graphs() if "/id/article/" in r]
        kg.store.remove_article(g[0])
        assert kg.stats()["relations"] >= 1
        _consistent(kg)
        kg.store.remove_article(g[1])
        assert kg.stats()["relations"] == 0
        assert not kg.query("ASK { ?a ic:sisterCityOf ?b }").boolean
        _consistent(kg)


def test_relations_round_trip_equals_extract() -> None:
    with KnowledgeGraph() as kg:
        kg.ingest([SEED])
        got = kg.relations()
    expected = [r for a in read_article_file(SEED) for r in extract(a)]

    def key(r):  # type: ignore[no-untyped-def]
        return (r.type, r.status, tuple(c.key for c in r.cities), r.date or "", r.evidence.start)

    assert sorted(got, key=key) == sorted(expected, key=key)
    assert any(
        o.role == "vice_mayor" and o.role_label == "vice mayor" for r in got for o in r.officials
    )
    assert any(r.place is not None for r in got) and any(r.date and len(r.date) == 4 for r in got)


def test_reject_confirm_correct_are_honoured_and_survive_ingest(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    base = ["--store", str(store)]
    assert runner.invoke(cli, [*base, "ingest", str(SEED)]).exit_code == 0
    review = json.loads(runner.invoke(cli, [*base, "review", "--json", "--limit", "0"]).output)
    confidences = [r["confidence"] for r in review]
    assert confidences == sorted(confidences) and all(r["evidence"] for r in review)
    target = review[0]["id"]
    before = json.loads(runner.invoke(cli, [*base, "stats", "--json"]).output)["relations"]
    result = runner.invoke(cli, [*base, "reject", target, "--by", "tester", "--why", "not a tie"])
    assert result.exit_code == 0, result.output

    def visible() -> tuple[int, bool, bool, bool]:
        stats = json.loads(runner.invoke(cli, [*base, "stats", "--json"]).output)["relations"]
        out = tmp_path / "out.csv"
        assert runner.invoke(cli, [*base, "export", "-o", str(out)]).exit_code == 0
        trig = tmp_path / "out.trig"
        assert runner.invoke(cli, [*base, "export", "-o", str(trig)]).exit_code == 0
        with KnowledgeGraph(store, read_only=True) as kg:
            in_query = kg.query(f"ASK {{ <{review[0]['iri']}> a ic:Relation }}").boolean
            in_view = review[0]["iri"] in {k for _, _, k in kg.networkx().edges(keys=True)}
        import csv

        with out.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        rejected = review[0]["relation"]
        in_csv = any(
            r["type"] == rejected["type"] and r["status"] == rejected["status"]
            and (r["date"] or None) == rejected["date"]
            and r["cities"].split(";") == [c["name"] for c in rejected["cities"]]
            for r in rows
        )  # fmt: skip
        assert "not a tie" in trig.read_text(
            encoding="utf-8"
        )  # the decision travels with the export
        return stats, bool(in_query), in_view, in_csv

    assert visible() == (before - 1, False, False, False)
    assert runner.invoke(cli, [*base, "ingest", str(SEED)]).exit_code == 0
    assert visible()[:3] == (before - 1, False, False)
    assert runner.invoke(cli, [*base, "confirm", target]).exit_code == 0
    assert visible()[:3] == (before, True, True)
    second = review[1]["id"]
    result = runner.invoke(
        cli, [*base, "correct", second, "--type", "visit", "--date", "2024-10-22"]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(cli, [*base, "ingest", str(SEED)]).exit_code == 0
    with KnowledgeGraph(store, read_only=True) as kg:
        visits = kg.relations(type="visit")
        assert visits and all(r.date == "2024-10-22" for r in visits)
        # the corrected relation keeps its sentences in the listing of its new type
        listed = kg.named("relations_of_type", type=TYPE.visit).values()
        assert listed and all(r["evidence"] for r in listed)
        assert {r["date"] for r in listed} == {"2024-10-22"}
        assert kg.stats()["relations"] == before
        _consistent_read_only(kg)
        conforms, _, report = kg.validate()
        assert conforms, report


def test_csv_export_then_ingest_is_isomorphic(tmp_path: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    twins = ROOT / "data" / "twin-towns-korea-wikipedia.csv"
    with KnowledgeGraph() as a:
        a.ingest([twins])
        out = tmp_path / "relations.csv"
        a.export(out, "csv")
        first = a.union_graph()
    header = out.read_text(encoding="utf-8").splitlines()[0]
    from kg.io import CSV_COLUMNS

    assert header.split(",") == list(CSV_COLUMNS)
    with KnowledgeGraph() as b:
        report = b.ingest([out])
        assert not report.failed
        second = b.union_graph()
    assert isinstance(first, Graph) and isomorphic(first, second)


def test_library_values_and_tables() -> None:
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path()])
        edges = nx.to_pandas_edgelist(kg.networkx())
        assert {"source", "target", "first_source", "type"} <= set(edges.columns)
        df = kg.to_dataframe()
        assert len(df) == kg.stats()["relations"]
        assert str(df["type"].dtype) == "category" and str(df["year"].dtype) == "Int64"
        values = kg.query(
            "SELECT ?d ?c WHERE { ?r sem:hasTimeStamp ?d . ?r ic:evidence/ic:confidence ?c }"
        )
        import datetime
        from decimal import Decimal

        typed = values.to_python()
        assert any(isinstance(row["d"], datetime.date) for row in typed)
        assert all(isinstance(row["c"], Decimal) for row in typed)


def test_named_query_binds_a_city_in_any_form(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--store", str(tmp_path / "s")]
    runner.invoke(cli, [*base, "ingest", str(sample_path())])
    answers = set()
    for form in ("고양", "고양시", "Goyang", "goyang-si"):
        result = runner.invoke(
            cli,
            [*base, "query", "--named", "partners", "--bind", f"city={form}", "--format", "csv"],
        )
        assert result.exit_code == 0, result.output
        answers.add(result.output)
    assert len(answers) == 1 and "Yiwu" in answers.pop()
    bad = runner.invoke(
        cli, [*base, "query", "--named", "relations_of_type", "--bind", "type=picnic"]
    )
    assert bad.exit_code == 1 and "picnic" in bad.output
