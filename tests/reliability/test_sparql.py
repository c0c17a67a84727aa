"""SPARQL that goes wrong: syntax errors with line and column, updates where only reads
are allowed, a query past its time limit. The store is the same afterwards."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kgrun import Result, record, run_kg, snapshot
from servers import kg_serve

#: A query that cannot finish: four unrelated patterns over every quad (~800^4 rows).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_syntax_error_in_a_query_given_as_text(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    query = "SELECT ?city WHERE {\n  ?city a schema:City .\n  FILTR (?city)\n}\n"
    result = run_kg("query", query, store=store)
    result.assert_clean()
    assert result.code == 1
    assert result.err.startswith(
        "Error: SPARQL syntax error at line 3, column 11: expected OPTIONAL"
    ), result.err
    assert snapshot(store) == before
    record("SPARQL syntax error (text)", "FILTR (?city) on line 3", result, "yes")


def test_syntax_error_in_a_query_file(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    path = tmp_path / "partners.rq"
    path.write_text("# partners\nSELECT ?b\nWHERE { ?a ic:relatedTo ?b \n", encoding="utf-8")
    result = run_kg("query", "-f", path, store=store)
    result.assert_clean()
    assert result.code == 1
    assert (
        f"Error: {path}, line 4, column 1: SPARQL syntax error: the query ends before it is "
        "complete" in result.err
    )
    assert snapshot(store) == before
    record("SPARQL syntax error (file)", "partners.rq, unclosed {", result, "yes")


def test_unknown_prefix_is_named(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    result = run_kg("query", "SELECT * WHERE { ?a nope:thing ?b }", store=store)
    result.assert_clean()
    assert result.code == 1
    assert (
        "line 1, column 31: the prefix nope: is not declared; add PREFIX nope: <...>" in result.err
    )
    record("SPARQL with an undeclared prefix", "nope:thing", result, "yes")


def test_update_sent_to_kg_query(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    result = run_kg("query", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }", store=store)
    result.assert_clean()
    assert result.code == 1
    assert "this is a SPARQL update, and kg query only reads" in result.err
    assert "kg ingest" in result.err
    assert snapshot(store) == before
    record("update sent to kg query", "DELETE WHERE { ?s ?p ?o }", result, "yes")


def _post(url: str, data: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(
        url, data=body, headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _http_result(status: int, body: str) -> Result:
    return Result(status, "", body.strip().splitlines()[0] if body.strip() else "")


def test_endpoint_refuses_updates_and_says_where_a_query_is_wrong(
    seeded: tuple[Path, list[str]],
) -> None:
    store, before = seeded
    with kg_serve(store) as (url, _):
        status, body = _post(url + "sparql", {"update": "DELETE WHERE { ?s ?p ?o }"})
        assert status == 403, body
        assert "read-only" in body
        record(
            "update sent to the read-only endpoint",
            "POST update=DELETE WHERE {...}",
            _http_result(status, body),
            "yes (after the server stopped)",
        )

        status, body = _post(url + "sparql", {"query": "SELECT * WHERE {\n ?s ?p ?o \n FILTR }"})
        assert status == 400, body
        assert "line 3" in body and "column" in body, body
        record("SPARQL syntax error at the endpoint", "FILTR", _http_result(status, body), "yes")

        status, body = _post(url + "sparql", {"query": "ASK { ?s ?p ?o }"})
        assert status == 200 and json.loads(body)["boolean"] is True
    assert snapshot(store) == before


def test_query_past_the_time_limit_is_stopped_and_the_server_goes_on(
    seeded: tuple[Path, list[str]],
) -> None:
    store, before = seeded
    with kg_serve(store, "--timeout", "2") as (url, _):
        start = time.monotonic()
        status, body = _post(url + "sparql", {"query": ENDLESS})
        took = time.monotonic() - start
        assert status == 503, body
        assert "time limit of 2 s" in body and "was stopped" in body, body
        assert took < 15, took
        record(
            "query past the time limit (2 s)",
            "4-way cross join",
            _http_result(status, body),
            f"yes; answered in {took:.1f} s",
        )
        # The server goes on answering.
        status, body = _post(url + "sparql", {"query": "ASK { ?s ?p ?o }"})
        assert status == 200, body
    assert snapshot(store) == before


def test_kg_query_stops_at_its_time_limit(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    start = time.monotonic()
    result = run_kg("query", "--timeout", "1", ENDLESS, store=store, timeout=60)
    took = time.monotonic() - start
    result.assert_clean()
    assert result.code == 1
    assert result.err.startswith("Error: the query did not finish in 1 s and was stopped"), (
        result.err
    )
    assert "--timeout" in result.err
    assert result.out == ""
    assert took < 30, took  # the process ends at the limit (plus start-up), not at the query's end
    assert snapshot(store) == before
    # A query within its limit answers as without one.
    quick = run_kg(
        "query",
        "--timeout",
        "30",
        "--format",
        "csv",
        'ASK { ?c rdfs:label "Goyang"@en }',
        store=store,
    )
    assert quick.code == 0 and quick.out.strip().splitlines()[-1] == "true", quick.out
    record(
        "kg query past --timeout", "--timeout 1, a cross product of four patterns", result, "yes"
    )
