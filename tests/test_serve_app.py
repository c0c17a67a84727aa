"""The WSGI application of `kg serve` in-process: updates when allowed, the time limit in
thread mode, negotiation and protocol errors."""

from __future__ import annotations

import io
import json
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from kg.graph import KnowledgeGraph, sample_path
from kg.server import ThreadExecutor, make_app

# About 1.5 s of work on the seed: well past the 0.3 s limit, short enough not to linger.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?c }"


def call(
    app: Any,
    method: str,
    path: str,
    *,
    query: dict[str, str] | None = None,
    body: bytes = b"",
    content_type: str = "",
    accept: str = "*/*",
) -> tuple[int, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": urllib.parse.urlencode(query or {}),
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_ACCEPT": accept,
        "wsgi.input": io.BytesIO(body),
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    data = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], data


@pytest.fixture
def writable() -> Iterator[Any]:
    kg = KnowledgeGraph()
    kg.ingest([sample_path()], strict=True)
    executor = ThreadExecutor(kg, threads=2)
    yield make_app(executor, allow_update=True, timeout=0.3)
    executor.close()


def test_updates_when_allowed(writable: Any) -> None:
    update = "INSERT DATA { GRAPH <urn:note> { <urn:a> ic:sisterCityOf <urn:b> } }"
    status, _, _ = call(
        writable, "POST", "/sparql", body=update.encode(), content_type="application/sparql-update"
    )
    assert status == 204
    status, _, body = call(
        writable, "GET", "/sparql", query={"query": "ASK { <urn:a> ic:sisterCityOf <urn:b> }"}
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    form = urllib.parse.urlencode(
        {"update": "DELETE DATA { GRAPH <urn:note> { <urn:a> ic:sisterCityOf <urn:b> } }"}
    )
    status, _, _ = call(
        writable,
        "POST",
        "/sparql",
        body=form.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert status == 204
    status, _, body = call(writable, "GET", "/sparql", query={"query": "ASK { <urn:a> ?p ?o }"})
    assert json.loads(body)["boolean"] is False
    # a bad update: 400 with the position; updates by GET: 405
    status, _, body = call(
        writable,
        "POST",
        "/sparql",
        body=b"INSERT DATA {\n <urn:a> }",
        content_type="application/sparql-update",
    )
    assert status == 400 and b"line 2" in body
    assert call(writable, "GET", "/sparql", query={"update": update})[0] == 405


def test_thread_mode_answers_on_time(writable: Any) -> None:
    started = time.monotonic()
    status, _, body = call(writable, "GET", "/sparql", query={"query": SLOW})
    assert status == 503 and time.monotonic() - started < 1.2
    assert b"may still be running" in body  # threads cannot stop a query: said, not hidden


def test_protocol_errors(writable: Any) -> None:
    form = "application/x-www-form-urlencoded"
    assert (
        call(writable, "POST", "/sparql", body=b"format=json", content_type=form)[0] == 400
    )  # no query
    assert call(writable, "PUT", "/sparql")[0] == 405
    assert call(writable, "POST", "/sparql", body=b"x", content_type="text/plain")[0] == 415
    status, _, body = call(
        writable,
        "GET",
        "/sparql",
        query={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "urn:x"},
    )
    assert (
        status == 200 and json.loads(body)["boolean"] is False
    )  # the dataset is the empty graph urn:x
    assert call(writable, "GET", "/elsewhere")[0] == 404
    status, headers, body = call(writable, "GET", "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_describe_as_ntriples(writable: Any) -> None:
    goyang = "https://w3id.org/intercity/id/city/gn-1842485"
    status, headers, body = call(
        writable,
        "GET",
        "/sparql",
        query={"query": f"DESCRIBE <{goyang}>"},
        accept="application/n-triples",
    )
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert f"<{goyang}>" in body.decode()
