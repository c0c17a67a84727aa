"""`kg serve` as a real subprocess on a free loopback port, queried by SPARQL clients."""

from __future__ import annotations

import csv
import io
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import kg_serve
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.graph import KnowledgeGraph, sample_path

ROOT = Path(__file__).resolve().parent.parent
PARTNERS = (ROOT / "examples" / "queries" / "partners.rq").read_text(encoding="utf-8")
GOYANG_PARTNERS = {"Yiwu", "Kunming", "Jinju"}
BAD_QUERY = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR (?o)\n}\n"
# Four copies of every triple joined: far more work than any time limit allows.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    with KnowledgeGraph(path) as kg:
        kg.ingest([sample_path()], strict=True)
    return path


@pytest.fixture(scope="module")
def server(seed_store: Path) -> Iterator[tuple[str, int]]:
    with kg_serve(seed_store, "--timeout", "2") as (url, proc):
        yield url, proc.pid


@pytest.fixture(scope="module")
def endpoint(server: tuple[str, int]) -> str:
    return server[0] + "sparql"


def _request(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


def _wrapper(endpoint: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(PARTNERS)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(endpoint: str, method: str) -> None:
    data = _wrapper(endpoint, JSON, method).queryAndConvert()
    assert isinstance(data, dict)
    names = {b["partner_name"]["value"] for b in data["results"]["bindings"]}
    assert names == GOYANG_PARTNERS
    yiwu = next(b for b in data["results"]["bindings"] if b["partner_name"]["value"] == "Yiwu")
    assert set(yiwu["types"]["value"].split(", ")) == {"meeting", "friendship", "cooperation"}


def test_sparqlwrapper_xml(endpoint: str) -> None:
    doc = _wrapper(endpoint, XML).queryAndConvert()
    names = {
        b.getElementsByTagName("literal")[0].firstChild.data  # type: ignore[union-attr]
        for b in doc.getElementsByTagName("binding")  # type: ignore[union-attr]
        if b.getAttribute("name") == "partner_name"
    }
    assert names == GOYANG_PARTNERS


def test_sparqlwrapper_csv(endpoint: str) -> None:
    raw = _wrapper(endpoint, CSV, "POST").queryAndConvert()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))  # type: ignore[union-attr]
    assert {r["partner_name"] for r in rows} == GOYANG_PARTNERS
    assert set(next(r for r in rows if r["partner_name"] == "Jinju")["types"].split(", ")) == {
        "meeting",
        "friendship",
    }


def test_rdflib_sparqlstore(endpoint: str) -> None:
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query(PARTNERS))
    assert {str(r.partner_name) for r in rows} == GOYANG_PARTNERS  # type: ignore[union-attr]
    xml_graph = Graph(store=SPARQLStore(endpoint))  # rdflib's default: SPARQL XML
    assert len(list(xml_graph.query(PARTNERS))) == 3
    # CONSTRUCT comes back as a graph (RDF/XML by rdflib's Accept)
    built = xml_graph.query(
        "CONSTRUCT { ?a ic:friendshipWith ?b } WHERE { ?a ic:friendshipWith ?b }"
    )
    assert built.graph is not None and len(built.graph) > 0


def test_insert_is_refused(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    sw.setMethod("POST")
    sw.setQuery("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    with pytest.raises(urllib.error.HTTPError) as info:
        sw.query()
    assert info.value.code == 403
    assert b"read-only" in info.value.read()
    info.value.close()
    status, _, body = _request(
        endpoint,
        b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        {"Content-Type": "application/sparql-update"},
    )
    assert status == 403 and b"--allow-update" in body
    # an update smuggled in as query= is refused too, not misread as a syntax error
    status, _, _ = _request(
        endpoint
        + "?"
        + urllib.parse.urlencode({"query": "PREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }"})
    )
    assert status == 403
    data = _wrapper(endpoint, JSON).queryAndConvert()
    assert len(data["results"]["bindings"]) == 3  # type: ignore[index]


def test_malformed_query_gets_400_with_message_and_position(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(BAD_QUERY)
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed) as info:
        sw.query()
    assert "line 3, column" in str(info.value)
    status, headers, body = _request(
        endpoint, BAD_QUERY.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 400
    text = body.decode()
    assert text.startswith("SPARQL syntax error at line 3, column 11:"), text
    assert "expected" in text  # the parser's own message


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("text/tab-separated-values", "text/tab-separated-values", "?partner_name"),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        (
            "text/csv;q=0.4, application/sparql-results+json",
            "application/sparql-results+json",
            '"bindings"',
        ),
        ("*/*", "application/sparql-results+json", '"bindings"'),
    ],
)
def test_content_negotiation_for_select(
    endpoint: str, accept: str, media: str, marker: str
) -> None:
    status, headers, body = _request(
        endpoint + "?" + urllib.parse.urlencode({"query": PARTNERS}), headers={"Accept": accept}
    )
    assert status == 200
    assert headers["Content-Type"].startswith(media)
    assert marker in body.decode()
    assert "Kunming" in body.decode()


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_content_negotiation_for_construct(endpoint: str, media: str) -> None:
    import pyoxigraph as ox

    query = "CONSTRUCT WHERE { ?a ic:metWith ?b }"
    status, headers, body = _request(
        endpoint,
        urllib.parse.urlencode({"query": query}).encode(),
        {"Accept": media, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and headers["Content-Type"].startswith(media)
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None
    assert len(list(ox.parse(body, format=fmt))) == 4  # Goyang-Yiwu, Goyang-Jinju, both ways


def test_format_parameter_overrides_accept(endpoint: str) -> None:
    q = urllib.parse.urlencode({"query": "ASK { ?a ic:metWith ?b }", "format": "csv"})
    status, headers, body = _request(
        f"{endpoint}?{q}", headers={"Accept": "application/sparql-results+json"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().strip().splitlines()[-1] == "true"


def test_cors(endpoint: str) -> None:
    status, headers, _ = _request(
        endpoint,
        method="OPTIONS",
        headers={
            "Origin": "http://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, headers, _ = _request(
        endpoint + "?query=ASK%7B%7D", headers={"Origin": "http://example.org"}
    )
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"


def test_health_and_html_view(server: tuple[str, int], seed_store: Path) -> None:
    url, _ = server
    status, headers, body = _request(url + "health")
    assert status == 200 and headers["Content-Type"] == "application/json"
    state = json.loads(body)
    assert (
        state["status"] == "ok" and state["read_only"] is True and state["store"] == str(seed_store)
    )
    status, headers, body = _request(url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "고양" in body.decode("utf-8") or "\\uace0\\uc591" in body.decode("utf-8")
    assert _request(url + "nothing-here")[0] == 404


def test_a_query_past_the_time_limit_is_stopped(server: tuple[str, int], endpoint: str) -> None:
    url, _ = server
    before = set(json.loads(_request(url + "health")[2])["workers"])
    started = time.monotonic()
    status, _, body = _request(endpoint + "?" + urllib.parse.urlencode({"query": ENDLESS}))
    took = time.monotonic() - started
    assert status == 503, body
    assert b"time limit of 2 s and was stopped" in body
    assert took < 5, took
    # the worker that ran it is gone (killed, not left computing) and a fresh one took its place
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        after = set(json.loads(_request(url + "health")[2])["workers"])
        if len(after) == len(before) and after != before:
            break
        time.sleep(0.2)
    gone = before - after
    assert len(gone) == 1 and len(after) == len(before)
    pid = gone.pop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    data = _wrapper(endpoint, JSON).queryAndConvert()
    assert len(data["results"]["bindings"]) == 3  # type: ignore[index]


def test_the_server_stops_with_its_workers(seed_store: Path) -> None:
    with kg_serve(seed_store, "--workers", "1") as (url, proc):
        workers = json.loads(_request(url + "health")[2])["workers"]
        assert len(workers) == 1
    assert proc.returncode is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(workers[0], 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(workers[0], 0)


def test_a_missing_store_fails_with_kg_message(tmp_path: Path) -> None:
    import subprocess

    from servers import KG

    result = subprocess.run(
        [str(KG), "serve", "--port", "0"],
        env={**os.environ, "KG_STORE": str(tmp_path / "none")},
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert b"kg ingest" in result.stderr and b"Traceback" not in result.stderr


def test_a_busy_port_is_named(seed_store: Path) -> None:
    import socket
    import subprocess

    from servers import KG

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [str(KG), "serve", "--port", str(port)],
            env={**os.environ, "KG_STORE": str(seed_store)},
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}".encode() in result.stderr
    assert b"--port" in result.stderr and b"Traceback" not in result.stderr
