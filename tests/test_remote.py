"""The remote store against a real Oxigraph server on 127.0.0.1: the same answers as the
embedded store, through the Graph Store Protocol and SPARQL only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from servers import free_port, oxigraph_server

from kg.cli import cli
from kg.errors import StoreError
from kg.graph import KnowledgeGraph, sample_path
from kg.remote import RemoteStore, bind_values

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
SEED = str(sample_path())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path / "oxigraph") as url:
        yield url


@pytest.fixture
def embedded(tmp_path: Path, runner: CliRunner) -> str:
    path = str(tmp_path / "embedded")
    result = runner.invoke(cli, ["--store", path, "ingest", SEED])
    assert result.exit_code == 0, result.output
    return path


def kg(runner: CliRunner, store: str, *args: str) -> str:
    result = runner.invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.output


def bindings(output: str) -> list[str]:
    """The rows of a SPARQL JSON result, order aside."""
    data = json.loads(output)
    return sorted(
        json.dumps(b, sort_keys=True, ensure_ascii=False) for b in data["results"]["bindings"]
    )


def quads(location: str) -> set[ox.Quad]:
    with KnowledgeGraph(location, read_only=True) as g:
        return set(g.store.quads())


def edges(location: str) -> tuple[dict[str, dict[str, object]], list[tuple[str, str, str, str]]]:
    with KnowledgeGraph(location, read_only=True) as g:
        net = g.networkx()
    nodes = {str(n): dict(d) for n, d in net.nodes(data=True)}
    links = sorted(
        (*sorted((str(a), str(b))), str(k), json.dumps(d, sort_keys=True, default=str))
        for a, b, k, d in net.edges(keys=True, data=True)
    )
    return nodes, links  # type: ignore[return-value]


def test_ingest_then_query_viz_stats_export_match_the_embedded_store(
    runner: CliRunner, server: str, embedded: str, tmp_path: Path
) -> None:
    out = runner.invoke(cli, ["--store", server, "ingest", SEED])
    assert out.exit_code == 0, out.output
    assert "1 article(s) added" in out.output and "8 relation(s)" in out.output
    # every example query gives the same rows on both
    answered = 0
    for query in QUERIES:
        remote = bindings(kg(runner, server, "query", "-f", str(query), "--format", "json"))
        local = bindings(kg(runner, embedded, "query", "-f", str(query), "--format", "json"))
        assert remote == local, query.name
        answered += bool(remote)
    assert answered >= len(QUERIES) - 1  # the seed has no two-hop chain
    # the partners of Goyang, as CSV, byte for byte once sorted
    partners = str(ROOT / "examples" / "queries" / "partners.rq")
    remote_csv = kg(runner, server, "query", "-f", partners, "--format", "csv").splitlines()
    assert remote_csv[0] == "partner,partner_name,types,statuses"
    assert {line.split(",")[1] for line in remote_csv[1:]} == {"Yiwu", "Kunming", "Jinju"}
    assert sorted(remote_csv) == sorted(
        kg(runner, embedded, "query", "-f", partners, "--format", "csv").splitlines()
    )
    assert json.loads(kg(runner, server, "stats", "--json")) == json.loads(
        kg(runner, embedded, "stats", "--json")
    )
    # the view: the same network, drawn
    assert edges(server) == edges(embedded)
    view = tmp_path / "remote.html"
    kg(runner, server, "viz", "-o", str(view))
    html = view.read_text(encoding="utf-8")
    assert "고양" in html or "\\uace0\\uc591" in html
    # the export holds the same quads
    for fmt in ("nquads", "turtle"):
        a, b = tmp_path / f"remote.{fmt}", tmp_path / f"local.{fmt}"
        kg(runner, server, "export", "-o", str(a), "--format", fmt)
        kg(runner, embedded, "export", "-o", str(b), "--format", fmt)
        parse = ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.TURTLE
        assert set(ox.parse(path=str(a), format=parse)) == set(ox.parse(path=str(b), format=parse))
    assert quads(server) == quads(embedded)


def test_loading_the_same_input_twice_changes_nothing(
    runner: CliRunner, server: str, tmp_path: Path
) -> None:
    kg(runner, server, "ingest", SEED)
    before = quads(server)
    result = runner.invoke(cli, ["--store", server, "ingest", SEED])
    assert result.exit_code == 0, result.output
    assert "0 article(s) added, 0 replaced, 1 unchanged" in result.output
    assert quads(server) == before
    # an export loaded back is a no-op too
    dump = tmp_path / "dump.nq"
    kg(runner, server, "export", "-o", str(dump))
    kg(runner, server, "ingest", str(dump))
    kg(runner, server, "ingest", str(dump))
    assert quads(server) == before


def test_a_changed_article_replaces_its_graph_whole(
    runner: CliRunner, server: str, tmp_path: Path
) -> None:
    record = {
        "type": "friendship",
        "status": "active",
        "source": "note.txt",
        "cities": [{"name": "Suwon", "country": "KR"}, {"name": "Jinan", "country": "CN"}],
    }
    note = tmp_path / "note.jsonl"
    note.write_text(json.dumps(record) + "\n", encoding="utf-8")
    kg(runner, server, "ingest", str(note))
    note.write_text(json.dumps({**record, "type": "sister_city"}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["--store", server, "ingest", str(note)])
    assert "0 article(s) added, 1 replaced" in result.output, result.output
    stats = json.loads(kg(runner, server, "stats", "--json"))
    assert stats["by_type"] == {"sister_city": 1} and stats["articles"] == 1


def test_bindings_and_syntax_errors_as_on_the_embedded_store(
    runner: CliRunner, server: str, embedded: str, tmp_path: Path
) -> None:
    kg(runner, server, "ingest", SEED)
    q = "SELECT ?a ?b WHERE { ?a ic:metWith ?b }"
    jinju = "a=https://w3id.org/intercity/id/city/gn-1846052"
    remote = kg(runner, server, "query", q, "-b", jinju, "--format", "csv")
    assert remote == kg(runner, embedded, "query", q, "-b", jinju, "--format", "csv")
    assert remote.count("\n") == 2
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR (?o)\n}\n", encoding="utf-8")
    outputs = [
        runner.invoke(cli, ["--store", s, "query", "-f", str(bad)]) for s in (server, embedded)
    ]
    assert [r.exit_code for r in outputs] == [1, 1]
    assert outputs[0].output == outputs[1].output
    assert f"{bad}, line 3, column 11: SPARQL syntax error" in outputs[0].output


def test_library_calls_on_a_remote_store(server: str) -> None:
    with KnowledgeGraph(server) as g:
        assert g.remote and len(g) == 0
        report = g.ingest([SEED])
        assert report.articles == 1 and report.relations == 8
        articles = [a for a in g.store.graphs() if "/article/" in a]
        assert len(articles) == 1
        partners = g.named(
            "partners", city="https://w3id.org/intercity/id/city/gn-1842485"
        ).values()
        assert sorted(r["name"] for r in partners) == ["Jinju", "Kunming", "Yiwu"]
        assert g.query("ASK { ?a ic:friendshipWith ?b }").boolean is True
        with pytest.raises(StoreError, match="no local Oxigraph store"):
            _ = g.oxigraph
        assert g.store.remove_article(articles[0]) is True
        assert g.store.remove_article(articles[0]) is False
        assert g.stats()["relations"] == 0


def test_a_server_whose_default_graph_is_not_the_union_is_refused(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "plain") as url:
        with KnowledgeGraph(url) as g:
            g.ingest([SEED])
        # the Fuseki layout relies on the server's own union default graph: checked on open
        with pytest.raises(StoreError, match="unionDefaultGraph"):
            RemoteStore(
                url,
                layout="fuseki",
                query_endpoint=f"{url}/query",
                update_endpoint=f"{url}/update",
                store_endpoint=f"{url}/store",
            )


def test_a_server_configured_with_a_union_default_graph(
    tmp_path: Path, runner: CliRunner, embedded: str
) -> None:
    # What a Fuseki dataset with tdb2:unionDefaultGraph looks like to kg: no per-query parameter.
    with oxigraph_server(tmp_path / "union", "--union-default-graph") as url:
        store = RemoteStore(url, union="server")
        with KnowledgeGraph(store) as g:
            g.ingest([SEED])
            rows = g.query_serialized(
                (ROOT / "examples" / "queries" / "partners.rq").read_text(), "json"
            )[0]
        assert bindings(rows.decode()) == bindings(
            kg(
                runner,
                embedded,
                "query",
                "-f",
                str(ROOT / "examples" / "queries" / "partners.rq"),
                "--format",
                "json",
            )
        )


def test_endpoint_layouts() -> None:
    # No server needed when the layout and union mode are given.
    store = RemoteStore("http://127.0.0.1:9/ds", layout="fuseki", union="param")
    assert (store.query_endpoint, store.update_endpoint, store.store_endpoint) == (
        "http://127.0.0.1:9/ds/sparql",
        "http://127.0.0.1:9/ds/update",
        "http://127.0.0.1:9/ds/data",
    )
    store = RemoteStore("http://127.0.0.1:9/", layout="auto")
    assert store.layout == "oxigraph" and store.query_endpoint == "http://127.0.0.1:9/query"
    with pytest.raises(StoreError, match="not an http"):
        RemoteStore("ftp://example.org")


def test_an_unreachable_server_is_named(runner: CliRunner) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(cli, ["--store", url, "stats"])
    assert result.exit_code == 1
    assert "cannot reach the SPARQL server" in result.output and url in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?a ?b WHERE { ?a ic:metWith ?b }",
        "SELECT ?a ?b { ?a ic:metWith ?b }",
        "CONSTRUCT { ?a ic:metWith ?b } WHERE { ?a ic:metWith ?b }",
        "CONSTRUCT WHERE { ?a ic:metWith ?b }",
        "ASK { ?a ic:metWith ?b }",
        '# a { in a comment\nSELECT ?a ?b WHERE { ?a ic:metWith ?b FILTER (STR(?b) != "{ }") }',
        "SELECT ?a ?b WHERE { { SELECT ?a ?b WHERE { ?a ic:metWith ?b } } }",
    ],
)
def test_bound_queries_give_the_substitution_answers(seed_kg: KnowledgeGraph, query: str) -> None:
    jinju = "https://w3id.org/intercity/id/city/gn-1846052"
    expected = seed_kg.query(query, a=jinju)
    rewritten = seed_kg.query(bind_values(query, {"a": jinju}))
    if expected.kind == "graph":
        assert set(expected.triples or []) == set(rewritten.triples or []) and expected.triples
    elif expected.kind == "ask":
        assert expected.boolean == rewritten.boolean is True
    else:
        assert expected.values() == rewritten.values() and len(expected.rows) == 1


def test_kg_serve_in_front_of_a_remote_store(server: str) -> None:
    from servers import kg_serve
    from SPARQLWrapper import JSON, SPARQLWrapper

    with KnowledgeGraph(server) as g:
        g.ingest([SEED])
    with kg_serve(server) as (url, _):
        sw = SPARQLWrapper(url + "sparql", returnFormat=JSON)
        sw.setQuery((ROOT / "examples" / "queries" / "partners.rq").read_text(encoding="utf-8"))
        rows = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert {r["partner_name"]["value"] for r in rows} == {"Yiwu", "Kunming", "Jinju"}
