"""Options and answers that used to end as "internal error" (issue 17): ``--bind`` with a
bad IRI or no name, ``--store ""``, a store path that is a folder of the user's files, and
a "SPARQL server" that answers with an HTML page, truncated JSON or broken TSV (a real
HTTP server on 127.0.0.1). Each is a message naming what is wrong and what to do, exit
non-zero, nothing changed."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgrun import SEED, Result, record, run_kg, snapshot


@pytest.mark.parametrize(
    ("case", "bind", "needle"),
    [
        (
            "--bind with a bad IRI",
            "city=http://example.org/a b",
            "'http://example.org/a b' is not a valid IRI (Invalid IRI code point ' ')",
        ),
        ("--bind with an empty name", "=고양", "'' is not a variable name"),
        ("--bind with only a ?", "?=고양", "'' is not a variable name"),
        ("--bind with a name that is no variable", "a-b=1", "'a-b' is not a variable name"),
    ],
)
def test_bad_bindings_are_usage_errors(
    seeded: tuple[Path, list[str]], case: str, bind: str, needle: str
) -> None:
    store, before = seeded
    result = run_kg("query", "--named", "partners", "--bind", bind, store=store)
    result.assert_clean()
    assert result.code == 2, result.err
    assert "Invalid value for --bind" in result.err and needle in result.err, result.err
    assert snapshot(store) == before
    record(case, f"--bind {bind}", result, "yes")


def test_empty_store_option_is_refused(tmp_path: Path) -> None:
    """``--store ""`` silently meant the default store in the home folder."""
    result = run_kg("ingest", SEED, store="", cwd=tmp_path)
    result.assert_clean()
    assert result.code == 2, result.err
    assert "Invalid value for --store: is empty" in result.err, result.err
    assert not any(tmp_path.iterdir())
    record('--store ""', '--store ""', result, "nothing opened (the default store untouched)")


def test_a_folder_of_documents_is_not_made_a_store(tmp_path: Path) -> None:
    """A store path that is a folder of the user's documents used to get RocksDB's files
    among them; an empty folder is still fine."""
    docs = tmp_path / "documents"
    docs.mkdir()
    for name in ("report.docx", "notes.txt", "photo.jpg", "budget.xlsx"):
        (docs / name).write_bytes(b"the user's own " + name.encode())
    result = run_kg("ingest", SEED, store=docs)
    result.assert_clean()
    assert result.code == 1, result.err
    assert (
        f"Error: {docs}: is a folder of other files (budget.xlsx, notes.txt, photo.jpg and 1 "
        "more), not a kg store" in result.err
    ), result.err
    assert "name a new or empty folder with --store" in result.err
    assert sorted(p.name for p in docs.iterdir()) == [
        "budget.xlsx",
        "notes.txt",
        "photo.jpg",
        "report.docx",
    ]
    assert (docs / "notes.txt").read_bytes() == b"the user's own notes.txt"
    record(
        "store path is a folder of documents (ingest)",
        "--store documents/",
        result,
        "files untouched, no store files added",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_kg("ingest", SEED, store=empty).code == 0
    assert (empty / "CURRENT").exists()


_ANSWERS = {
    "html": ("text/html", b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>"),
    "truncated JSON": (
        "application/sparql-results+json",
        b'{"head":{"vars":["s","p","o","g"]},"results":{"bindings":[{"s":{"type":"uri","va',
    ),
    "broken TSV": (
        "text/tab-separated-values",
        b'?s\t?p\t?o\t?g\n<http://a/s>\t<http://a/p>\t"no end\n',
    ),
}


@pytest.fixture
def bad_server() -> Iterator[tuple[str, dict[str, str]]]:
    """A real HTTP server on 127.0.0.1 that answers every request with ``mode["answer"]``."""
    mode = {"answer": "html"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            ctype, body = _ANSWERS[mode["answer"]]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", mode
    finally:
        server.shutdown()
        server.server_close()


def test_malformed_answers_of_a_remote_store_are_named(
    bad_server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, mode = bad_server
    commands = [
        ("stats",),
        ("query", "SELECT * WHERE { ?s ?p ?o }"),
        ("export", "--format", "nquads"),
        ("neighbors", "고양"),
    ]
    for answer in _ANSWERS:
        mode["answer"] = answer
        for command in commands:
            result = run_kg(*command, store=url, cwd=tmp_path, timeout=60)
            result.assert_clean()
            assert result.code == 1, (answer, command, result.err)
            assert f"Error: {url}/query: " in result.err, (answer, command, result.err)
            if answer == "html":
                assert "answered with an HTML page, not SPARQL results" in result.err
            else:
                assert "the server's answer does not parse" in result.err, result.err
            assert "Check that --store names a SPARQL endpoint" in result.err
            if command[0] == "stats":
                record(
                    f"remote store answers {answer} (stats, query, export, neighbors)",
                    f"--store http://127.0.0.1:PORT ({answer})",
                    result,
                    "n/a (nothing written; no file left)",
                )
    assert not any(tmp_path.iterdir())


_PEAK = (
    "import resource, sys\n"
    "from kg.cli import main\n"
    "sys.argv = ['kg'] + sys.argv[1:]\n"
    "try:\n    main()\n"
    "finally:\n"
    "    sys.stderr.write('peak_kb=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def _peak(*args: str) -> tuple[int, int, str]:
    """Run kg in a fresh interpreter; (exit code, peak RSS in kB, bytes on stdout)."""
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, timeout=300)
    err = proc.stderr.decode()
    peak = int(err.rsplit("peak_kb=", 1)[1].split()[0])
    return proc.returncode, peak, proc.stdout.decode()


def test_query_output_is_streamed_not_built_in_memory(tmp_path: Path) -> None:
    """CSV and table output were built whole in memory (1.6 GB for 656k rows): 200,000
    rows now cost what one row does, against the same query's LIMIT 10 as the baseline."""
    path = tmp_path / "store"
    lines = "".join(
        f'<http://example.org/s{i}> <http://example.org/p> "a longish value, row {i} of the '
        f'result, to make the output of some size" <http://example.org/g{i % 100}> .\n'
        for i in range(200_000)
    )
    store = ox.Store(str(path))
    store.bulk_load(lines.encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store, lines
    query = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    for fmt in ("csv", "table"):
        code, base_kb, small = _peak(
            "--store", str(path), "query", "--format", fmt, query + " LIMIT 10"
        )
        assert code == 0, small
        code, peak_kb, out = _peak("--store", str(path), "query", "--format", fmt, query)
        assert code == 0
        rows = out.count("\n") - (1 if fmt == "csv" else 3)  # header (table: 2 + count)
        assert rows == 200_000, out[-200:]
        size = len(out.encode())
        # the whole output in memory would add at least its size (about 20 MB here)
        assert peak_kb - base_kb < size / 1024 / 2, (fmt, peak_kb, base_kb, size)
        record(
            f"kg query --format {fmt} of 200,000 rows",
            f"{size / 2**20:.0f} MB of output",
            Result(0, "", f"{rows:,} rows written"),
            f"n/a (read only); peak RSS {peak_kb // 1024} MiB against {base_kb // 1024} MiB "
            "for LIMIT 10",
        )


def test_ill_typed_dates_loaded_as_they_are_fail_validation_cleanly(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Full-width digits in an xsd:date (an RDF file loaded as it is) made `kg validate`
    print rdflib's traceback and say the graph conforms."""
    store, _ = seeded
    nq = tmp_path / "wide.nq"
    rel = "<https://w3id.org/intercity/id/relation/wide>"
    nq.write_text(
        f'{rel} <http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp> "２０２４-１０-２３"'
        "^^<http://www.w3.org/2001/XMLSchema#date> <https://example.org/g> .\n",
        encoding="utf-8",
    )
    assert run_kg("ingest", nq, store=store).code == 0
    result = run_kg("validate", store=store)
    result.assert_clean()
    assert result.code == 1, result.err
    assert "the store holds 1 literal(s) that are not a value of their datatype" in result.err
    assert "'２０２４-１０-２３'" in result.err and "ASCII digits" in result.err
    record(
        "xsd:date in full-width digits, then kg validate",
        "wide.nq loaded as it is",
        result,
        "n/a (validate reads only); the literal named",
    )


def test_queries_a_remote_store_never_answers_free_their_threads() -> None:
    """On a remote store ``kg serve`` runs queries in threads, which cannot be stopped: four
    queries the server never answered held every thread for the request's 300 s, and
    every other query got 503 meanwhile. A request now gives up just after --timeout."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from servers import kg_serve  # tests/servers.py: `kg serve --port 0` as a user runs it

    slow = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if b"SLOW" in body:
                slow.wait(60)  # a query this server does not answer in time
            out = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal",'
            out += b'"value":"1"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = _answer  # noqa: N815 (http.server's names)

        def log_message(self, *args: object) -> None:
            pass

    def ask(base: str, query: str) -> tuple[int, float]:
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(
            base + "sparql", data=data, headers={"Accept": "application/sparql-results+json"}
        )
        start = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                code = resp.status
        except urllib.error.HTTPError as err:
            code = err.code
        return code, time.monotonic() - start

    remote = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=remote.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{remote.server_address[1]}"
    try:
        with kg_serve(url, "--timeout", "2") as (base, _):
            answers: list[tuple[int, float]] = []
            stuck = [
                threading.Thread(target=lambda: answers.append(ask(base, "SELECT * {} # SLOW")))
                for _ in range(4)
            ]
            for t in stuck:
                t.start()
            for t in stuck:
                t.join(30)
            assert [code for code, _ in answers] == [503] * 4, answers
            time.sleep(2)  # the requests to the remote give up at --timeout + 1 s
            code, took = ask(base, "SELECT (1 AS ?n) {}")
            assert code == 200, (code, took)
    finally:
        slow.set()
        remote.shutdown()
        remote.server_close()
    record(
        "kg serve on a remote store that never answers 4 queries (--timeout 2)",
        "4 queries held by the server, then one more",
        Result(200, "", "4 x 503 on time; the next query 200 (threads freed)"),
        f"n/a (read only); the next query answered in {took:.2f} s",
    )
