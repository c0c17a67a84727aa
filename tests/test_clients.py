"""Standard clients against a real `kg serve` on 127.0.0.1: SPARQLWrapper, rdflib's
SPARQLStore, pyoxigraph SERVICE, curl, rdflib reading the service description; the
dataset of FROM / FROM NAMED and of the protocol's parameters, on the embedded store, on
an Oxigraph server and on kg serve's endpoint used as a read-only store."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import urllib.parse
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from servers import kg_serve, oxigraph_server
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from kg.cli import cli
from kg.graph import KnowledgeGraph, sample_path
from kg.namespaces import CITIES_GRAPH, IC, RELATIONS_GRAPH, SD, SH

MET = "CONSTRUCT { ?a ic:metWith ?b } WHERE { ?a ic:metWith ?b }"
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clients") / "store"
    with KnowledgeGraph(path) as kg:
        kg.ingest([sample_path()], strict=True)
    return path


@pytest.fixture(scope="module")
def truth(seed_store: Path) -> dict[str, object]:
    """What the embedded store says, to compare every client's answer with."""
    with KnowledgeGraph(seed_store, read_only=True) as kg:
        met = kg.query(MET).triples or []
        graphs = kg.store.graphs()
        article = next(g for g in graphs if "/article/" in g)
        in_article = kg.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{article}> {{ ?s ?p ?o }} }}"
        ).rows
        total = kg.query(COUNT.format(**{"from": ""})).rows
    return {
        "met": _rdflib(met),
        "article": article,
        "article_triples": int(in_article[0]["n"].value),  # type: ignore[union-attr]
        "total": int(total[0]["n"].value),  # type: ignore[union-attr]
    }


@contextlib.contextmanager
def _rdflib_inner_deprecation() -> Iterator[None]:
    """rdflib 7.6's own JSON-LD and SPARQLWrapper's RDF/XML conversion build a
    ConjunctiveGraph, which rdflib itself deprecates: not kg's warning to fail on."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        yield


def _rdflib(triples: list[ox.Triple]) -> rdflib.Graph:
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    return rdflib.Graph().parse(data=data, format="nt")


@pytest.fixture(scope="module")
def endpoint(seed_store: Path) -> Iterator[str]:
    with kg_serve(seed_store) as (url, _):
        yield url + "sparql"


# --- SPARQLWrapper ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask(endpoint: str, fmt: str, method: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setMethod(method)
    sw.setReturnFormat(fmt)
    sw.setQuery("SELECT ?b WHERE { ?a rdfs:label 'Goyang'@en ; ic:metWith ?b }")
    result = sw.query()
    text = result.response.read().decode()
    media = {
        JSON: "application/sparql-results+json",
        XML: "application/sparql-results+xml",
        CSV: "text/csv",
        TSV: "text/tab-separated-values",
    }[fmt]
    assert result.response.headers["Content-Type"].startswith(media)
    assert text.count("gn-1846052") == 1 and text.count("gn-1814870") == 1  # Jinju, Yiwu
    sw.setQuery("ASK { ?a ic:metWith ?b }")
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith(media)
    assert "true" in result.response.read().decode()
    if fmt == JSON:
        assert sw.queryAndConvert()["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (TURTLE, "text/turtle"),
        (N3, "text/turtle"),
        (XML, "application/rdf+xml"),
        (RDFXML, "application/rdf+xml"),
        (JSONLD, "application/ld+json"),
    ],
)
def test_sparqlwrapper_construct_in_each_format(
    endpoint: str, truth: dict[str, object], fmt: str, media: str, method: str
) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setMethod(method)
    sw.setReturnFormat(fmt)
    sw.setQuery(MET)
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith(media)
    with _rdflib_inner_deprecation():
        converted = result.convert()
    graph = (
        converted
        if isinstance(converted, rdflib.Graph)
        else rdflib.Graph().parse(data=converted, format="turtle")
    )
    assert len(graph) == 4
    assert isomorphic(graph, truth["met"])  # type: ignore[arg-type]


# --- rdflib SPARQLStore -----------------------------------------------------------------


def test_rdflib_sparqlstore_graph_scoped_view(endpoint: str, truth: dict[str, object]) -> None:
    article = rdflib.URIRef(str(truth["article"]))
    scoped = rdflib.Graph(SPARQLStore(endpoint), identifier=article)
    assert len(scoped) == truth["article_triples"]
    assert len(list(scoped.triples((None, None, None)))) == truth["article_triples"]
    cities = rdflib.Graph(SPARQLStore(endpoint), identifier=rdflib.URIRef(str(CITIES_GRAPH)))
    assert len(cities) > 0 and len(cities) != len(scoped)
    # the city graph holds no relation; the relations graph shared by the articles does
    # (each fact once, issue 12), and the article graph holds what the article states
    relations = rdflib.Graph(SPARQLStore(endpoint), identifier=rdflib.URIRef(str(RELATIONS_GRAPH)))
    assert not list(cities.triples((None, rdflib.URIRef(str(IC.metWith)), None)))
    assert list(relations.triples((None, rdflib.URIRef(str(IC.metWith)), None)))
    assert list(scoped.triples((None, rdflib.URIRef(str(IC.evidence)), None)))
    union = rdflib.Graph(SPARQLStore(endpoint))
    assert len(union) == truth["total"]


# --- pyoxigraph SERVICE -------------------------------------------------------------------


def test_pyoxigraph_service(endpoint: str, truth: dict[str, object]) -> None:
    local = ox.Store()
    rows = local.query(f"SELECT ?a ?b WHERE {{ SERVICE <{endpoint}> {{ ?a <{IC.metWith}> ?b }} }}")
    got = {(r["a"].value, r["b"].value) for r in rows}  # type: ignore[union-attr]
    want = {(str(s), str(o)) for s, _, o in truth["met"]}  # type: ignore[attr-defined]
    assert got == want and len(got) == 4


# --- curl ----------------------------------------------------------------------------------


def _curl(*args: str) -> tuple[int, str, str]:
    if shutil.which("curl") is None:
        pytest.fail("curl is missing: apt-get install curl")
    out = subprocess.run(
        ["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{content_type}", *args],
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()
    body, _, tail = out.rpartition("\n")
    code, _, ctype = tail.partition(" ")
    return int(code), ctype, body


@pytest.mark.parametrize(
    ("form", "accept", "status", "media"),
    [
        ("select", "*/*", 200, "application/sparql-results+json"),
        ("select", "text/*", 200, "text/csv"),
        (
            "select",
            "text/*;q=0.5, application/sparql-results+xml;q=0.6",
            200,
            "application/sparql-results+xml",
        ),
        ("select", "text/csv;q=0, text/*", 200, "text/tab-separated-values"),
        ("select", "application/json", 200, "application/sparql-results+json"),
        ("select", "text/turtle", 406, None),
        ("select", "image/png, text/html", 406, None),
        ("select", "application/sparql-results+json;q=0", 406, None),
        ("ask", "text/csv", 200, "text/csv"),
        ("construct", "*/*", 200, "text/turtle"),
        ("construct", "application/*", 200, "application/n-triples"),
        ("construct", "text/plain", 200, "text/plain"),
        ("construct", "application/rdf+xml;q=0.9, application/ld+json", 200, "application/ld+json"),
        ("construct", "application/sparql-results+json", 406, None),
        ("construct", "text/csv", 406, None),
    ],
)
def test_curl_accept_matrix(
    endpoint: str, form: str, accept: str, status: int, media: str | None
) -> None:
    query = {
        "select": "SELECT * WHERE { ?a ic:metWith ?b }",
        "ask": "ASK { ?a ic:metWith ?b }",
        "construct": MET,
    }[form]
    code, ctype, body = _curl(
        "-H", f"Accept: {accept}", "--data-urlencode", f"query={query}", endpoint
    )
    assert code == status, body
    if media is None:
        assert "ask for one of" in body
    else:
        # text/plain is answered as N-Triples, under the N-Triples media type
        assert ctype.startswith("application/n-triples" if media == "text/plain" else media)


def test_curl_format_parameter_wins_over_accept(endpoint: str) -> None:
    url = endpoint + "?" + urllib.parse.urlencode({"query": MET, "format": "json-ld"})
    code, ctype, body = _curl("-H", "Accept: text/turtle", url)
    assert code == 200 and ctype.startswith("application/ld+json") and json.loads(body)
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}", "output": "csv"})
    code, ctype, _ = _curl(url)
    assert code == 200 and ctype.startswith("text/csv")
    url = endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}", "format": "turtle"})
    code, _, body = _curl(url)
    assert code == 406 and "format=turtle" in body


def test_head(endpoint: str) -> None:
    url = endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?a ic:metWith ?b }"})
    code, ctype, body = _curl("-I", url)
    assert code == 200 and body.startswith("HTTP/1.1 200") and "Content-Length: " in body
    length = int(body.split("Content-Length: ")[1].split()[0])
    assert length == len(_curl(url)[2].encode())
    assert _curl("-I", endpoint)[0] == 200  # the service description


# --- the service description and the page ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "nt"])
def test_service_description_parsed_by_rdflib(endpoint: str, fmt: str) -> None:
    accept = {
        "turtle": "text/turtle",
        "xml": "application/rdf+xml",
        "json-ld": "application/ld+json",
        "nt": "application/n-triples",
    }[fmt]
    code, ctype, body = _curl("-H", f"Accept: {accept}", endpoint)
    assert code == 200 and ctype.startswith(accept)
    with _rdflib_inner_deprecation():
        g = rdflib.Graph().parse(data=body, format=fmt)
    service = rdflib.URIRef(endpoint)
    assert (service, rdflib.RDF.type, SD.Service) in g
    assert (service, SD.endpoint, service) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g  # read-only server
    formats = set(g.objects(service, SD.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    declared = {
        str(g.value(d, SH.prefix)): str(g.value(d, SH.namespace))
        for d in g.objects(service, SH.declare)
    }
    assert declared["ic"] == str(IC)[: len(str(IC))] and declared["ictype"].endswith(
        "/relation-type/"
    )


def test_service_description_by_plain_rdflib_fetch(endpoint: str) -> None:
    g = rdflib.Graph().parse(endpoint)  # rdflib's own Accept header
    assert (rdflib.URIRef(endpoint), rdflib.RDF.type, SD.Service) in g


def test_a_browser_gets_the_query_page(endpoint: str) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    code, ctype, body = _curl("-H", f"Accept: {accept}", endpoint)
    assert code == 200 and ctype.startswith("text/html")
    assert "yasgui.min.js" in body and "ic: <https://w3id.org/intercity/ontology#>" in body
    code, ctype, js = _curl(endpoint.replace("/sparql", "/sparql-ui/yasgui.min.js"))
    assert code == 200 and ctype.startswith("text/javascript") and len(js) > 500_000
    assert _curl(endpoint.replace("/sparql", "/sparql-ui/LICENSE"))[2].startswith("The MIT License")
    assert _curl(endpoint.replace("/sparql", "/sparql-ui/../graph.py"))[0] == 404


# --- the dataset: FROM, FROM NAMED, default-graph-uri, named-graph-uri ---------------------------


def _count(endpoint: str, query: str, **params: list[str]) -> int:
    pairs = [("query", query)] + [(k.replace("_", "-"), v) for k, vs in params.items() for v in vs]
    code, _, body = _curl(
        "-H",
        "Accept: application/sparql-results+json",
        endpoint + "?" + urllib.parse.urlencode(pairs),
    )
    assert code == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_dataset_over_the_protocol(endpoint: str, truth: dict[str, object]) -> None:
    article, total = str(truth["article"]), truth["total"]
    assert _count(endpoint, COUNT.format(**{"from": ""})) == total  # the union
    assert _count(endpoint, COUNT.format(**{"from": "FROM <urn:nonexistent>"})) == 0
    assert (
        _count(endpoint, COUNT.format(**{"from": f"FROM <{article}>"})) == truth["article_triples"]
    )
    named = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert (
        _count(endpoint, named.format(**{"from": f"FROM NAMED <{article}>"}))
        == truth["article_triples"]
    )
    assert (
        _count(endpoint, COUNT.format(**{"from": f"FROM NAMED <{article}>"})) == 0
    )  # no default graph
    # the protocol's parameters, which win over the query's clauses
    assert (
        _count(endpoint, COUNT.format(**{"from": ""}), default_graph_uri=[article])
        == truth["article_triples"]
    )
    assert (
        _count(
            endpoint,
            COUNT.format(**{"from": "FROM <urn:nonexistent>"}),
            default_graph_uri=[article],
        )
        > 0
    )
    both = [article, str(CITIES_GRAPH)]
    assert (
        _count(endpoint, named.format(**{"from": ""}), named_graph_uri=both)
        > truth["article_triples"]
    )
    assert _count(endpoint, named.format(**{"from": ""}), default_graph_uri=[article]) == 0


def _cli(runner: CliRunner, store: str, *args: str) -> str:
    result = runner.invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _cli_count(runner: CliRunner, store: str, query: str) -> int:
    out = _cli(runner, store, "query", query, "--format", "json")
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def test_from_on_the_embedded_store_and_an_oxigraph_server(
    tmp_path: Path, seed_store: Path, truth: dict[str, object], runner: CliRunner
) -> None:
    article = str(truth["article"])
    with oxigraph_server(tmp_path / "ox") as url:
        _cli(runner, url, "ingest", str(sample_path()))
        for store in (str(seed_store), url):
            assert _cli_count(runner, store, COUNT.format(**{"from": ""})) == truth["total"]
            assert (
                _cli_count(runner, store, COUNT.format(**{"from": "FROM <urn:nonexistent>"})) == 0
            )
            assert (
                _cli_count(runner, store, COUNT.format(**{"from": f"FROM <{article}>"}))
                == truth["article_triples"]
            )
        # kg serve's own endpoint used as a store, and the Oxigraph server's query endpoint alone
        # the Oxigraph server's query endpoint alone: read-only, the union by its parameter
        with KnowledgeGraph(url + "/query") as kg, KnowledgeGraph(url, read_only=True) as whole:
            assert kg.store.layout == "endpoint" and kg.store.read_only  # type: ignore[union-attr]
            assert len(kg) == len(whole) > 0
            assert (
                _cli_count(
                    runner, url + "/query", COUNT.format(**{"from": "FROM <urn:nonexistent>"})
                )
                == 0
            )


# --- a plain query endpoint as the store ---------------------------------------------------


def test_every_reading_command_works_on_a_query_endpoint(
    endpoint: str, seed_store: Path, truth: dict[str, object], runner: CliRunner, tmp_path: Path
) -> None:
    assert _cli_count(runner, endpoint, COUNT.format(**{"from": ""})) == truth["total"]
    assert _cli_count(runner, endpoint, COUNT.format(**{"from": "FROM <urn:nonexistent>"})) == 0
    assert (
        json.loads(_cli(runner, endpoint, "stats", "--json"))["relations"]
        == json.loads(_cli(runner, str(seed_store), "stats", "--json"))["relations"]
    )
    _cli(runner, endpoint, "export", "-o", str(tmp_path / "remote.nq"))
    _cli(runner, str(seed_store), "export", "-o", str(tmp_path / "local.nq"))
    remote = set(ox.parse(path=str(tmp_path / "remote.nq"), format=ox.RdfFormat.N_QUADS))
    assert remote == set(ox.parse(path=str(tmp_path / "local.nq"), format=ox.RdfFormat.N_QUADS))
    assert "conforms" in _cli(runner, endpoint, "validate")
    assert "Kunming" in _cli(runner, endpoint, "neighbors", "Goyang")
    assert "Goyang -> Kunming" in _cli(runner, endpoint, "path", "Goyang", "Kunming")
    _cli(runner, endpoint, "viz", "-o", str(tmp_path / "view.html"))
    assert (tmp_path / "view.html").stat().st_size > 1000
    # writing is refused with what to do, and the server's store is as it was
    result = runner.invoke(cli, ["--store", endpoint, "ingest", str(sample_path())])
    assert result.exit_code == 1 and "a query endpoint alone is read-only" in result.output
    assert _cli_count(runner, endpoint, COUNT.format(**{"from": ""})) == truth["total"]


def test_the_city_network_files_for_gephi_and_yed(endpoint: str, tmp_path: Path) -> None:
    import networkx as nx

    base = endpoint.removesuffix("sparql")
    for name, read in (("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)):
        code, ctype, body = _curl(base + name)
        assert code == 200 and ctype.startswith("application/" + name.split(".")[1] + "+xml")
        (tmp_path / name).write_text(body, encoding="utf-8")
        g = read(tmp_path / name)
        assert {d["label"] for _, d in g.nodes(data=True)} == {"Goyang", "Yiwu", "Kunming", "Jinju"}
