"""kg.guard as plain functions: what the query scan refuses and lets through, which Host
headers name the server, and the middleware's Origin/token/CORS rules on a small WSGI app."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import Any

import pytest

from kg.guard import (
    MAX_DEPTH,
    HttpPolicy,
    QueryPolicy,
    RefusedQueryError,
    check_query,
    death_answer,
    host_allowed,
    protect,
    scan,
)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x.example/> { }" }',  # in a string
        "SELECT * WHERE { ?s <http://x.example/service> ?o }",  # in an IRI
        "SELECT * WHERE { ?s ?p 'x'@service }",  # a language tag
        "PREFIX service: <http://x.example/> SELECT * WHERE { ?s service:load ?o }",
        "SELECT ?service WHERE { ?service ?load ?o } # SERVICE <http://x.example/>",
        "SELECT * WHERE { VALUES ?x { " + " ".join(f'"c{i}"' for i in range(20000)) + " } }",
        "INSERT DATA { " + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(20000)) + " }",
    ],
)
def test_what_is_let_through(query: str) -> None:
    shape = check_query(query)
    assert shape.services == [] and shape.loads == []


@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("SELECT * { SERVICE <http://a.example/s> { ?s ?p ?o } }", "http://a.example/s"),
        ("select * { service silent <http://a.example/s> { ?s ?p ?o } }", "http://a.example/s"),
        (
            "PREFIX e: <http://a.example/> SELECT * { SERVICE e:s { ?s ?p ?o } }",
            "http://a.example/s",
        ),
        ("BASE <http://a.example/> SELECT * { SERVICE <s> { ?s ?p ?o } }", "http://a.example/s"),
        (
            "SELECT * { SERVICE <http:\\u002F\\u002Fa.example/s> { ?s ?p ?o } }",
            "http://a.example/s",
        ),
        ("SELECT * { SERVICE ?where { ?s ?p ?o } }", None),
        ("SELECT * { SERVICE <relative> { ?s ?p ?o } }", None),
        ("LOAD <http://a.example/s>", "http://a.example/s"),
        ("LOAD SILENT <http://a.example/s> INTO GRAPH <urn:g>", "http://a.example/s"),
    ],
)
def test_outbound_is_found_and_refused_unless_allowed(query: str, iri: str | None) -> None:
    shape = scan(query)
    assert [found[1] for found in shape.services + shape.loads] == [iri]
    with pytest.raises(RefusedQueryError) as info:
        check_query(query)
    assert info.value.status == 403 and "is refused" in str(info.value)
    if iri is not None:
        check_query(query, QueryPolicy(allow_service=frozenset({iri})))
        with pytest.raises(RefusedQueryError):
            check_query(query, QueryPolicy(allow_service=frozenset({iri + "x"})))


def test_depth_and_size_are_named_with_their_place() -> None:
    deep = "SELECT * WHERE {\n FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }"
    with pytest.raises(RefusedQueryError) as info:
        check_query(deep)
    assert str(info.value).startswith("line 2, column ") and "102 deep" in str(info.value)
    assert f"at most {MAX_DEPTH}" in str(info.value) and info.value.status == 400
    chain = "SELECT * WHERE { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * 400) + " }"
    with pytest.raises(RefusedQueryError, match="operators, keywords and brackets"):
        check_query(chain)
    check_query(chain, QueryPolicy(max_operators=10_000))


def test_the_library_refuses_what_would_crash_it() -> None:
    from kg.errors import QueryError
    from kg.graph import KnowledgeGraph

    with KnowledgeGraph() as kg:
        with pytest.raises(QueryError, match="nests brackets"):
            kg.query("ASK { FILTER(" + "(" * 5000 + "true" + ")" * 5000 + ") }")
        # the library trusts its caller with SERVICE: only kg query and kg serve refuse it
        assert check_query("ASK { SERVICE <http://a.example/> {} }", QueryPolicy(any_service=True))


@pytest.mark.parametrize(
    ("bound", "header", "ok"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "LOCALHOST:8000", True),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "192.168.1.5:8000", False),
        ("::1", "[::1]:8000", True),
        ("0.0.0.0", "192.168.1.5:8000", True),
        ("0.0.0.0", "rebind.evil.example:8000", False),
        ("0.0.0.0", "kg.internal:8000", True),  # listed with --allow-host
    ],
)
def test_host_header(bound: str, header: str, ok: bool) -> None:
    policy = HttpPolicy(bound, allowed_hosts=frozenset({"kg.internal"}))
    assert host_allowed(header, policy, "8000") is ok


def _echo_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Access-Control-Allow-Origin", "*")])
    return [b"ran:" + body]


def _call(
    app: Any, method: str, body: bytes = b"", ctype: str = "", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/sparql",
        "QUERY_STRING": "",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "CONTENT_TYPE": ctype,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    environ.update({"HTTP_" + k.upper(): v for k, v in headers.items()})
    seen: dict[str, Any] = {}

    def start_response(status: str, hdrs: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = int(status.split()[0]), dict(hdrs)

    data = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], data


def test_middleware_writes_reads_and_cors() -> None:
    app = protect(_echo_app, HttpPolicy("127.0.0.1", cors=("https://ok.example",), token="t0k"))
    form = "application/x-www-form-urlencoded"
    # writes: another site never; no Origin or our own origin, with the token
    assert _call(app, "POST", b"update=DROP+ALL", form, origin="https://ok.example")[0] == 403
    assert _call(app, "POST", b"update=DROP+ALL", form)[0] == 401
    status, headers, body = _call(app, "POST", b"update=DROP+ALL", form, authorization="Bearer t0k")
    assert status == 200 and body == b"ran:update=DROP+ALL"
    assert "Access-Control-Allow-Origin" not in headers  # the inner app's CORS header dropped
    assert (
        _call(
            app,
            "POST",
            b"x",
            "application/sparql-update",
            origin="http://127.0.0.1:8000",
            authorization="Bearer t0k",
        )[0]
        == 200
    )
    assert (
        _call(
            app, "PUT", b"x", "text/turtle", authorization="Bearer t0k", sec_fetch_site="cross-site"
        )[0]
        == 403
    )
    # reads: CORS for the chosen origin only
    status, headers, _ = _call(app, "POST", b"query=ASK{}", form, origin="https://ok.example")
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://ok.example"
    assert _call(app, "GET", origin="https://other.example")[0] == 403
    assert _call(app, "GET", host="evil.example:8000")[0] == 421
    status, headers, _ = _call(app, "OPTIONS", origin="https://ok.example")
    assert status == 204 and "Authorization" not in headers["Access-Control-Allow-Headers"]


def test_death_answers() -> None:
    assert death_answer(-6, 512)[0] == 503 and "512 MiB" in death_answer(-6, 512)[1]
    assert death_answer(-11, 512)[0] == 500 and "crashed" in death_answer(-11, 512)[1]


def test_an_offline_worker_reaches_no_address() -> None:
    """Where the system gives the worker a network namespace of its own, nothing is reachable
    from it; where it refuses, the query scan alone holds (and this says which)."""
    code = (
        "import socket, kg.guard as g\n"
        "isolated = g._unshare_network()\n"
        "s = socket.socket(); s.settimeout(2)\n"
        "try:\n    s.connect(('127.0.0.1', 9)); print(isolated, 'connected')\n"
        "except OSError as e:\n    print(isolated, e.errno)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    ).stdout.split()
    isolated, outcome = out[0] == "True", out[1]
    if isolated:
        assert outcome == "101", out  # ENETUNREACH: no interface, not even loopback
    else:
        assert outcome in ("111", "connected"), out  # the scan is the only guard here
