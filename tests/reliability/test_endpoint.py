"""Hostile neighbours of a real ``kg serve`` on 127.0.0.1 (issue 17): outbound requests,
writes from other sites, foreign Host names, queries that crash or eat memory, slow
clients, queries past their time limit. The store is compared quad for quad afterwards."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from kgrun import Result, record, run_kg, snapshot
from servers import kg_serve

NESTED = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
#: Sorting a three-way cross join of the seed (811^3 rows): gigabytes within seconds.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i LIMIT 5"
#: An update that cannot finish: four graphs' quads joined.
ENDLESS_UPDATE = (
    "DELETE { GRAPH ?g { ?a ?b ?c } } WHERE { GRAPH ?g { ?a ?b ?c } . GRAPH ?g2 { ?d ?e ?f } "
    ". GRAPH ?g3 { ?x ?y ?z } . GRAPH ?g4 { ?j ?k ?l } }"
)
FORM = "application/x-www-form-urlencoded"


def http(
    url: str,
    *,
    query: str | None = None,
    form: dict[str, str] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 60,
) -> tuple[int, dict[str, str], str]:
    """One request: (status, headers by lower-case name, body text); HTTP errors are answers too."""
    if query is not None:
        url += "?" + urllib.parse.urlencode({"query": query})
    all_headers = dict(headers or {})
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        all_headers.setdefault("Content-Type", FORM)
    req = urllib.request.Request(url, data=body, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, _lower(resp.headers), resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        with err:
            return err.code, _lower(err.headers), err.read().decode("utf-8", "replace")


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}  # type: ignore[attr-defined]


def as_result(status: int, body: str) -> Result:
    return Result(status, "", (body.strip().splitlines() or [""])[0])


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on a free loopback port that notes every connection it gets."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.2)
    hits: list[bytes] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = srv.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    hits.append(conn.recv(200) or b"(connected)")
                    conn.sendall(
                        b"HTTP/1.1 500 No\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno"
                    )

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/", hits
    finally:
        done.set()
        thread.join(5)
        srv.close()


def test_service_and_load_make_no_outbound_request(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    with listener() as (target, hits), kg_serve(store, "--allow-update") as (url, _):
        host = target.removeprefix("http://").rstrip("/")
        pattern = "{ ?s ?p ?o }"
        queries = {
            "SERVICE <IRI>": f"SELECT * WHERE {{ SERVICE <{target}x> {pattern} }}",
            "silent, lower case": f"select * where {{ service silent <{target}y> {pattern} }}",
            "via a prefix": f"PREFIX t: <{target}> SELECT * WHERE {{ SERVICE t:z {pattern} }}",
            "relative to BASE": f"BASE <{target}> SELECT * WHERE {{ SERVICE <w> {pattern} }}",
            "with \\u escapes": f"ASK {{ SERVICE <http:\\u002F\\u002F{host}/v> {pattern} }}",
            "a variable": f"ASK {{ BIND(<{target}> AS ?u) SERVICE ?u {pattern} }}",
            "after a comment": f"ASK {{ # }}\n SERVICE <{target}c> {pattern} }}",
        }
        for name, q in queries.items():
            status, _, body = http(url + "sparql", query=q)
            assert status == 403, (name, status, body)
            assert "is refused" in body and "--allow-service" in body, body
        status, _, first = http(url + "sparql", query=queries["SERVICE <IRI>"])
        for update in (f"LOAD <{target}data.ttl>", f"LOAD SILENT <{target}d> INTO GRAPH <urn:g>"):
            status, _, body = http(url + "sparql", form={"update": update})
            assert status == 403 and "LOAD" in body and "--allow-service" in body, body
        time.sleep(0.5)
        assert hits == [], hits
    assert snapshot(store) == before
    record(
        "SERVICE to another loopback port (7 spellings)",
        "SERVICE <http://127.0.0.1:PORT/x>, silent, prefixed, BASE, \\u, ?var",
        as_result(403, first),
        "yes; the listener got 0 connections",
    )
    record(
        "LOAD from another loopback port",
        "LOAD <http://127.0.0.1:PORT/data.ttl>",
        as_result(403, body),
        "yes; the listener got 0 connections",
    )

    # The control: an endpoint the user allows is called (so the listener does hear).
    with listener() as (target, hits), kg_serve(store, "--allow-service", target + "x") as (url, _):
        status, _, body = http(
            url + "sparql", query=f"SELECT * WHERE {{ SERVICE <{target}x> {{ ?s ?p ?o }} }}"
        )
        time.sleep(0.5)
        assert len(hits) >= 1 and hits[0].startswith(b"POST /x"), (hits, status, body)
        status, _, body = http(
            url + "sparql", query=f"SELECT * WHERE {{ SERVICE <{target}other> {{ ?s ?p ?o }} }}"
        )
        assert status == 403, body
    assert snapshot(store) == before


def test_writes_from_another_site_are_refused(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    with kg_serve(store, "--allow-update") as (url, _):
        port = url.rstrip("/").rsplit(":", 1)[1]
        evil = {"Origin": "http://evil.example"}
        status, headers, body = http(url + "sparql", form={"update": "DROP ALL"}, headers=evil)
        assert status == 403 and "another site" in body and "nothing was changed" in body, body
        assert "access-control-allow-origin" not in headers
        record(
            "cross-origin form POST update=DROP ALL (--allow-update)",
            "Origin: http://evil.example",
            as_result(status, body),
            "yes (sorted N-Quads equal)",
        )
        for extra in ({"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
            status, _, body = http(url + "sparql", form={"update": "DROP ALL"}, headers=extra)
            assert status == 403, (extra, body)
        status, _, body = http(
            url + "sparql",
            body=b"DROP ALL",
            headers={**evil, "Content-Type": "application/sparql-update"},
        )
        assert status == 403, body
        # A preflight never opens writes (no Authorization header); writes get no CORS.
        status, headers, _ = http(
            url + "sparql",
            method="OPTIONS",
            headers={
                **evil,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
        assert "authorization" not in headers.get("access-control-allow-headers", "").lower()
        assert snapshot(store) == before
        # A read from the same page is allowed, with CORS for any origin (the default).
        status, headers, body = http(url + "sparql", query="ASK { ?s ?p ?o }", headers=evil)
        assert status == 200 and headers["access-control-allow-origin"] == "*", headers
        # From this server's own origin, and from a program (no Origin), updates go in.
        mine = {"Origin": f"http://127.0.0.1:{port}"}
        insert = "INSERT DATA { GRAPH <urn:note> { <urn:a> <urn:b> <urn:c> } }"
        assert http(url + "sparql", form={"update": insert}, headers=mine)[0] == 204
        status, _, body = http(url + "sparql", query="ASK { <urn:a> <urn:b> <urn:c> }")
        assert json.loads(body)["boolean"] is True
        assert http(url + "sparql", form={"update": "DROP GRAPH <urn:note>"})[0] == 204
    assert snapshot(store) == before


def test_token_and_non_loopback(
    seeded: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, before = seeded
    result = run_kg(
        "serve", "--host", "0.0.0.0", "--port", "0", "--allow-update", store=store, timeout=60
    )
    result.assert_clean()
    assert result.code == 1 and "token" in result.err and "KG_SERVE_TOKEN" in result.err, result.err
    record(
        "kg serve --host 0.0.0.0 --allow-update, no token",
        "--host 0.0.0.0",
        result,
        "yes (never started)",
    )
    for host in ("999.1.1.1", "not a host!", ""):
        bad = run_kg("serve", "--host", host, "--port", "0", store=store, timeout=60)
        bad.assert_clean()
        assert bad.code == 1 and "--host" in bad.err, bad.err
    record("kg serve --host with a bad address", "--host 999.1.1.1", bad, "yes (never started)")

    monkeypatch.setenv("KG_SERVE_TOKEN", "s3cret-token")
    with kg_serve(store, "--allow-update") as (url, _):
        insert = "INSERT DATA { GRAPH <urn:note> { <urn:a> <urn:b> <urn:c> } }"
        status, headers, body = http(url + "sparql", form={"update": insert})
        assert status == 401 and "Bearer" in headers.get("www-authenticate", ""), body
        record(
            "update without the token (KG_SERVE_TOKEN set)",
            "POST update=INSERT DATA ...",
            as_result(status, body),
            "yes (sorted N-Quads equal)",
        )
        wrong = {"Authorization": "Bearer nope"}
        assert http(url + "sparql", form={"update": insert}, headers=wrong)[0] == 401
        assert snapshot(store) == before
        right = {"Authorization": "Bearer s3cret-token"}
        assert http(url + "sparql", form={"update": insert}, headers=right)[0] == 204
        # reads need no token
        status, _, body = http(url + "sparql", query="ASK { <urn:a> <urn:b> <urn:c> }")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert (
            http(url + "sparql", form={"update": "DROP GRAPH <urn:note>"}, headers=right)[0] == 204
        )
    assert snapshot(store) == before


def test_foreign_host_and_configured_cors(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    with kg_serve(store, "--cors", "https://ok.example") as (url, _):
        port = url.rstrip("/").rsplit(":", 1)[1]
        status, _, body = http(
            url + "sparql", query="ASK {}", headers={"Host": f"evil.example:{port}"}
        )
        assert status == 421 and "evil.example" in body and "--allow-host" in body, body
        record(
            "foreign Host header (DNS rebinding)",
            "Host: evil.example:PORT",
            as_result(status, body),
            "yes; answered nothing else",
        )
        assert (
            http(url + "sparql", query="ASK {}", headers={"Host": f"127.0.0.1:{int(port) + 1}"})[0]
            == 421
        )
        assert http(url + "sparql", query="ASK {}", headers={"Host": f"localhost:{port}"})[0] == 200
        status, headers, body = http(
            url + "sparql", query="ASK {}", headers={"Origin": "https://ok.example"}
        )
        assert status == 200 and headers["access-control-allow-origin"] == "https://ok.example"
        status, headers, body = http(
            url + "sparql", query="ASK {}", headers={"Origin": "http://evil.example"}
        )
        assert status == 403 and "access-control-allow-origin" not in headers, body
        record(
            "read from a page of an origin not in --cors",
            "--cors https://ok.example; Origin: evil",
            as_result(status, body),
            "yes",
        )
    assert snapshot(store) == before


def test_nested_and_hungry_queries_get_messages_and_others_are_answered(
    seeded: tuple[Path, list[str]],
) -> None:
    store, before = seeded
    with kg_serve(store, "--allow-update", "--memory-limit", "512", "--timeout", "60") as (url, _):
        status, _, body = http(url + "sparql", query=NESTED)
        assert status == 400 and "5,002 deep" in body and "at most 64" in body, body
        record(
            "5,000 nested parentheses at the endpoint (--allow-update)",
            "10 KB query",
            as_result(status, body),
            "yes; server alive",
        )
        status, _, body = http(
            url + "sparql",
            form={"update": "INSERT DATA { " + "[ <urn:p> " * 3000 + "1" + " ]" * 3000 + " }"},
        )
        assert status == 400 and "deep" in body, body

        answers: list[tuple[int, str]] = []
        hungry = threading.Thread(
            target=lambda: answers.append(http(url + "sparql", query=HUNGRY)[::2])
        )
        hungry.start()
        worst = 0.0
        while hungry.is_alive():
            started = time.monotonic()
            status, _, body = http(url + "sparql", query="ASK { ?s ?p ?o }")
            worst = max(worst, time.monotonic() - started)
            assert status == 200, body
            time.sleep(0.2)
        hungry.join()
        status, body = answers[0]
        assert status == 503 and "more memory" in body and "512 MiB" in body, body
        assert worst < 1.0, worst
        record(
            "memory-hungry query (ORDER BY over a 3-way cross join)",
            "--memory-limit 512",
            as_result(status, body),
            f"yes; other queries answered in <= {worst:.2f} s meanwhile",
        )
        assert http(url + "health")[0] == 200
    assert snapshot(store) == before

    result = run_kg("query", NESTED, store=store)
    result.assert_clean()
    assert result.code == 1 and "nests brackets" in result.err, (result.code, result.err)
    record(
        "5,000 nested parentheses in kg query", "10 KB query", result, "yes (was SIGSEGV, rc 139)"
    )


def test_update_past_the_time_limit_is_stopped(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    with kg_serve(store, "--allow-update", "--timeout", "2") as (url, _):
        pids_before = set(json.loads(http(url + "health")[2])["workers"])
        started = time.monotonic()
        status, _, body = http(
            url + "sparql",
            body=ENDLESS_UPDATE.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        took = time.monotonic() - started
        assert status == 503 and "was stopped" in body, body
        record(
            "update past the time limit (--allow-update, 2 s)",
            "DELETE over a 4-graph join",
            as_result(status, body),
            f"yes; answered in {took:.1f} s, its worker killed",
        )
        for _ in range(5):  # the next requests are served (no 503 after the limit)
            status, _, body = http(url + "sparql", query="ASK { ?s ?p ?o }")
            assert status == 200, body
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = json.loads(http(url + "health")[2])
            if len(state["workers"]) == len(pids_before):
                break
            time.sleep(0.2)
        assert state["status"] == "ok"
        assert len(pids_before - set(state["workers"])) == 1  # the writer: killed, replaced
        assert (
            http(
                url + "sparql",
                form={"update": "INSERT DATA { GRAPH <urn:n> { <urn:a> <urn:b> 1 } }"},
            )[0]
            == 204
        )
        assert http(url + "sparql", form={"update": "DROP GRAPH <urn:n>"})[0] == 204
    assert snapshot(store) == before


def test_slow_clients_do_not_stop_the_server(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    with kg_serve(store) as (url, _):
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(75)]
        half = [socket.create_connection(("127.0.0.1", port)) for _ in range(75)]
        for s in half:
            s.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 900\r\n" % port
            )
        try:
            worst, answered, started = 0.0, 0, time.monotonic()
            while time.monotonic() - started < 10:
                t = time.monotonic()
                status, _, body = http(url + "sparql", query="ASK { ?s ?p ?o }", timeout=10)
                worst = max(worst, time.monotonic() - t)
                assert status == 200, body
                answered += 1
                for s in half:  # trickle: never idle, never done
                    with contextlib.suppress(OSError):
                        s.send(b"X")
                time.sleep(0.25)
        finally:
            for s in idle + half:
                s.close()
        assert worst < 1.0, worst
    assert snapshot(store) == before
    record(
        "slowloris: 150 connections (75 idle, 75 trickling a request) for 10 s",
        "150 sockets",
        Result(200, "", f"{answered} queries answered meanwhile, slowest {worst:.2f} s"),
        "yes",
    )


def test_time_limits_that_are_not_numbers(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    for command in (["query", "ASK {}"], ["serve", "--port", "0"]):
        for value in ("inf", "nan", "-1"):
            result = run_kg(*command[:1], "--timeout", value, *command[1:], store=store, timeout=60)
            result.assert_clean()
            assert result.code == 2 and "--timeout" in result.err, (command, value, result.err)
    record("--timeout inf / nan / -1 (kg query, kg serve)", "--timeout inf", result, "yes")
    assert snapshot(store) == before
