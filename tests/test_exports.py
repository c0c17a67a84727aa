"""Export formats read back by the tools that read them: RDF by Oxigraph and rdflib, compact
JSON-LD by both and by `kg ingest`, GraphML and GEXF for the attributes Gephi and yEd
read; unknown extensions, CONSTRUCT formats, and a closed pipe."""

from __future__ import annotations

import json
import subprocess
import warnings
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic
from servers import KG

from kg.cli import cli
from kg.graph import KnowledgeGraph, sample_path

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
YFILES = "{http://www.yworks.com/xml/graphml}"
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exports") / "store"
    with KnowledgeGraph(path) as kg:
        kg.ingest([sample_path()], strict=True)
    return path


def _kg(runner: CliRunner, store: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--store", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _quads(store: Path) -> set[ox.Quad]:
    with KnowledgeGraph(store, read_only=True) as kg:
        return set(kg.oxigraph)


def _union(store: Path) -> rdflib.Graph:
    with KnowledgeGraph(store, read_only=True) as kg:
        return kg.union_graph()


@pytest.mark.parametrize(
    ("name", "fmt", "dataset"),
    [
        ("g.ttl", ox.RdfFormat.TURTLE, False),
        ("g.nt", ox.RdfFormat.N_TRIPLES, False),
        ("g.rdf", ox.RdfFormat.RDF_XML, False),
        ("g.nq", ox.RdfFormat.N_QUADS, True),
        ("g.trig", ox.RdfFormat.TRIG, True),
        ("g.jsonld", ox.RdfFormat.JSON_LD, True),
    ],
)
def test_each_rdf_export_reads_back_the_same(
    store: Path, tmp_path: Path, runner: CliRunner, name: str, fmt: ox.RdfFormat, dataset: bool
) -> None:
    out = tmp_path / name
    assert f"wrote {out}" in _kg(runner, store, "export", "-o", str(out))
    back = list(ox.parse(path=str(out), format=fmt))
    if dataset:
        assert set(back) == _quads(store)
    else:
        data = (ox.serialize(back, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        assert isomorphic(rdflib.Graph().parse(data=data, format="nt"), _union(store))


def test_jsonld_is_compact_with_a_context_and_rdflib_reads_it(
    store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "graph.jsonld"
    _kg(runner, store, "export", "-o", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    context = doc["@context"]
    assert context["schema"] == "https://schema.org/"
    assert context["ic"] == "https://w3id.org/intercity/ontology#"
    text = out.read_text(encoding="utf-8")
    assert '"schema:name"' in text and '"ic:party"' in text and '"city:gn-1842485"' in text
    assert "https://schema.org/name" not in text  # compacted, not expanded
    graphs = {g["@id"] for g in doc["@graph"]}
    assert any(g.startswith("article:") for g in graphs)
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser builds its own deprecated ConjunctiveGraph
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        ds = rdflib.Dataset()
        ds.parse(out, format="json-ld")
        quads = list(ds.quads((None, None, None, None)))
    default = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
    assert len(quads) == len(_quads(store))
    assert all(g is not None and g != default for *_, g in quads)  # every triple in its graph


def test_kg_ingest_reads_jsonld_and_nquads_back_and_says_what_it_loaded(
    store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    for name in ("graph.jsonld", "graph.nq"):
        out = tmp_path / name
        _kg(runner, store, "export", "-o", str(out))
        fresh = tmp_path / f"fresh-{name}"
        result = runner.invoke(cli, ["--store", str(fresh), "ingest", str(out)])
        assert result.exit_code == 0, result.output
        n = len(_quads(store))
        assert f"{n} quad(s) loaded as they are from 1 RDF file(s)" in result.output
        assert _quads(fresh) == _quads(store)


def test_an_unknown_file_type_lists_what_is_read(tmp_path: Path, runner: CliRunner) -> None:
    odd = tmp_path / "notes.docx"
    odd.write_text("not an article")
    result = runner.invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(odd)])
    assert result.exit_code == 1
    assert "unknown file type '.docx'" in result.output
    for suffix in (".txt", ".html", ".csv", ".nq", ".jsonld"):
        assert suffix in result.output


# .csv is no longer unknown: it is the relation records (issue 12)
@pytest.mark.parametrize("name", ["graph.docx", "graph.xml", "graph"])
def test_an_unknown_export_extension_is_an_error_unless_format_says(
    store: Path, tmp_path: Path, runner: CliRunner, name: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(cli, ["--store", str(store), "export", "-o", str(out)])
    assert result.exit_code == 2 and "--format" in result.output and not out.exists()
    _kg(runner, store, "export", "-o", str(out), "--format", "rdfxml")
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.RDF_XML))) > 0


def test_graphml_has_the_labels_and_weights_gephi_and_yed_read(
    store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "cities.graphml"
    _kg(runner, store, "export", "-o", str(out))
    root = ET.parse(out).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("id") for k in root.iter(f"{GRAPHML}key")}
    assert keys[("node", "label")] == "label"  # Gephi maps a key named label to the label
    assert keys[("edge", "label")] and keys[("edge", "weight")] == "weight"
    assert {k.get("yfiles.type") for k in root.iter(f"{GRAPHML}key")} >= {
        "nodegraphics",
        "edgegraphics",
    }
    g = nx.read_graphml(out)
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert labels == {"Goyang", "Yiwu", "Kunming", "Jinju"}
    yed = {e.text for e in root.iter(f"{YFILES}NodeLabel")}
    assert yed == labels  # what yEd shows
    by_name = {d["label"]: n for n, d in g.nodes(data=True)}
    pair = g.get_edge_data(by_name["Goyang"], by_name["Yiwu"])
    with KnowledgeGraph(store, read_only=True) as kg:
        net = kg.networkx()
    want = net.number_of_edges(by_name["Goyang"], by_name["Yiwu"])
    assert pair["weight"] == float(want) and pair["relations"] == want
    assert "meeting" in pair["label"] and pair["first_year"] == 2024
    assert g.nodes[by_name["Goyang"]]["country"] == "KR"


def test_gexf_has_positions_colours_and_years_for_gephi(
    store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "cities.gexf"
    _kg(runner, store, "export", "-o", str(out))
    root = ET.parse(out).getroot()
    graph = root.find(f"{GEXF}graph")
    assert (
        graph is not None and graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    )
    nodes = {n.get("label"): n for n in root.iter(f"{GEXF}node")}
    assert set(nodes) == {"Goyang", "Yiwu", "Kunming", "Jinju"}
    for n in nodes.values():
        assert n.find(f"{VIZ}position") is not None and n.find(f"{VIZ}color") is not None
    goyang, kunming = (nodes[c].find(f"{VIZ}position") for c in ("Goyang", "Kunming"))
    assert goyang is not None and kunming is not None
    assert float(goyang.get("y", 0)) > float(kunming.get("y", 0))  # north is up
    assert float(goyang.get("x", 0)) > float(kunming.get("x", 0))  # east is right
    # Korea's cities share a colour, China's another
    colour = {c: nodes[c].find(f"{VIZ}color").attrib for c in nodes}  # type: ignore[union-attr]
    assert colour["Goyang"] == colour["Jinju"] != colour["Yiwu"] == colour["Kunming"]
    g = nx.read_gexf(out)
    by_name = {d["label"]: n for n, d in g.nodes(data=True)}
    dated = g.get_edge_data(by_name["Goyang"], by_name["Yiwu"])
    assert dated["start"] == "2024-01-01" and dated["weight"] > 1
    undated = g.get_edge_data(by_name["Goyang"], by_name["Kunming"])
    assert "start" not in undated  # no dated relation: always on the timeline


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [
        ("table", ox.RdfFormat.TURTLE),
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("json", ox.RdfFormat.JSON_LD),
        ("rdfxml", ox.RdfFormat.RDF_XML),
        ("xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_honours_format(
    store: Path, runner: CliRunner, fmt: str, parse: ox.RdfFormat
) -> None:
    out = _kg(runner, store, "query", "CONSTRUCT WHERE { ?a ic:metWith ?b }", "--format", fmt)
    triples = list(ox.parse(out.encode(), format=parse))
    assert len(triples) == 4 and all(t.predicate.value.endswith("#metWith") for t in triples)


def test_a_format_that_does_not_fit_the_query_is_a_usage_error(
    store: Path, runner: CliRunner
) -> None:
    result = runner.invoke(
        cli,
        ["--store", str(store), "query", "CONSTRUCT WHERE { ?a ic:metWith ?b }", "--format", "csv"],
    )
    assert result.exit_code == 2 and "gives a graph" in result.output
    result = runner.invoke(
        cli,
        [
            "--store",
            str(store),
            "query",
            "SELECT * WHERE { ?a ic:metWith ?b }",
            "--format",
            "turtle",
        ],
    )
    assert result.exit_code == 2 and "gives solutions" in result.output


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    store = tmp_path / "twins"
    twins = Path(str(resources.files("kg.data") / "twin-towns-korea-wikipedia.csv"))
    subprocess.run(
        [str(KG), "--store", str(store), "ingest", str(twins)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # about 1 MB of Turtle: more than a pipe holds
    for args in (
        ["export"],
        ["export", "--format", "nquads"],
        ["export", "--format", "jsonld"],
        ["query", "SELECT * WHERE { ?s ?p ?o }"],
        ["stats"],
    ):
        # `head -c 1` reads one byte and closes the pipe while kg still writes
        cmd = f"'{KG}' --store '{store}' {' '.join(repr(a) for a in args)} | head -c 1"
        done = subprocess.run(
            ["bash", "-c", cmd + "; exit ${PIPESTATUS[0]}"], capture_output=True, timeout=300
        )
        assert done.stderr == b"", (args, done.stderr.decode())
        assert done.returncode in (0, 1), args
        assert len(done.stdout) == 1
