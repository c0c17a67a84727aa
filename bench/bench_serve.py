"""Benchmark of the HTTP side: queries through ``kg serve`` against the embedded store,
and writes to a remote SPARQL server (Oxigraph server) against the embedded store.

Run it from the checkout::

    .venv/bin/python bench/bench_serve.py                     # 2,000 articles
    .venv/bin/python bench/bench_serve.py --articles 20000 --json out.json

The data are synthetic articles with their relations (``bench.corpus``, fixed seed),
written without extraction, so that only the store is measured.

Queries: each example query (and a one-row ASK) is run

- ``floor``: in this process on the embedded store, serialised to SPARQL JSON by
  Oxigraph (:func:`kg.query.run_query_serialized`), the least work any answer needs;
- ``serve``: the same text sent to ``kg serve`` (a subprocess on a free loopback port)
  over one keep-alive HTTP connection, ``Accept: application/sparql-results+json``;
- ``remote``: the same text through :class:`kg.remote.RemoteStore` on an Oxigraph
  server holding the same data (SPARQL JSON parsed and written again by Oxigraph).

Figures are medians of ``--repeat`` runs after two warm-up runs; ratios are against the
floor. Writes: the same articles in batches of 200 (``KnowledgeGraph.add``, what
``kg ingest`` does) into a new on-disk store and into an empty Oxigraph server, then
the same again (every article unchanged).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from servers import kg_serve, oxigraph_server  # noqa: E402

from bench.corpus import CorpusGenerator  # noqa: E402
from kg.graph import KnowledgeGraph  # noqa: E402
from kg.query import run_query_serialized  # noqa: E402

QUERIES = {
    p.stem: p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))
}
QUERIES["ask_one"] = 'ASK { ?c rdfs:label "Goyang"@en }'
BATCH = 200
#: A query slower than this (seconds, once, on the embedded store) is reported, not repeated.
SLOW = 2.0


def articles(n: int) -> list[tuple[Any, list[Any]]]:
    return list(CorpusGenerator(1).articles(n))


def timed(fns: dict[str, Any], repeat: int) -> dict[str, tuple[float, float]]:
    """Median and minimum seconds of each function, run in turn (interleaved, so that
    load from elsewhere on the machine falls on all of them alike)."""
    runs: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(repeat + 2):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            if i >= 2:  # two warm-up rounds
                runs[name].append(time.perf_counter() - t)
    return {k: (statistics.median(v), min(v)) for k, v in runs.items()}


def write_all(kg: KnowledgeGraph, items: list[tuple[Any, list[Any]]]) -> float:
    t = time.perf_counter()
    for i in range(0, len(items), BATCH):
        kg.add(items[i : i + BATCH])
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--json", type=Path, help="Write the figures here as JSON.")
    args = ap.parse_args()
    out: dict[str, Any] = {"articles": args.articles, "queries": {}, "writes": {}}

    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp:
        tmpdir = Path(tmp)
        items = articles(args.articles)
        relations = sum(len(r) for _, r in items)
        out["relations"] = relations
        print(f"{args.articles} articles, {relations} relations", file=sys.stderr)

        # --- writes: embedded against an Oxigraph server ---------------------------------
        store = tmpdir / "embedded"
        with KnowledgeGraph(store) as kg:
            first_local = write_all(kg, items)
            again_local = write_all(kg, items)
            out["triples"] = len(kg)
        with oxigraph_server(tmpdir / "oxigraph") as url, KnowledgeGraph(url) as remote:
            first_remote = write_all(remote, items)
            again_remote = write_all(remote, items)
            assert len(remote) == out["triples"], (len(remote), out["triples"])
            out["writes"] = {
                "embedded_s": first_local,
                "remote_s": first_remote,
                "ratio": first_remote / first_local,
                "embedded_again_s": again_local,
                "remote_again_s": again_remote,
                "again_ratio": again_remote / again_local,
            }

            # --- queries: floor, kg serve, remote store ---------------------------------------
            with (
                KnowledgeGraph(store, read_only=True) as kg,
                kg_serve(store, "--timeout", "60") as (base, _),
            ):
                parts = urllib.parse.urlsplit(base)
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                for name, text in QUERIES.items():
                    t = time.perf_counter()
                    floor_body, _ = run_query_serialized(kg.oxigraph, text, "json")
                    once = time.perf_counter() - t
                    if once > SLOW:
                        print(
                            f"{name}: {once:.1f} s on the embedded store alone; not repeated",
                            file=sys.stderr,
                        )
                        out["queries"][name] = {"floor_once_s": once, "skipped": True}
                        continue
                    body = urllib.parse.urlencode({"query": text}).encode()

                    def through_serve(body: bytes = body) -> bytes:
                        conn.request(
                            "POST",
                            "/sparql",
                            body,
                            {
                                "Content-Type": "application/x-www-form-urlencoded",
                                "Accept": "application/sparql-results+json",
                            },
                        )
                        resp = conn.getresponse()
                        data = resp.read()
                        assert resp.status == 200, data
                        return data

                    served = through_serve()
                    assert json.loads(served) == json.loads(floor_body), name
                    parsed = json.loads(floor_body)
                    rows = len(parsed["results"]["bindings"]) if "results" in parsed else 1
                    t = timed(
                        {
                            "floor": lambda text=text: run_query_serialized(
                                kg.oxigraph, text, "json"
                            ),
                            "serve": through_serve,
                            "remote": lambda text=text: remote.query_serialized(text, "json"),
                        },
                        args.repeat,
                    )
                    (floor, floor_min), (serve, serve_min), (rem, rem_min) = (
                        t["floor"],
                        t["serve"],
                        t["remote"],
                    )
                    out["queries"][name] = {
                        "rows": rows,
                        "floor_ms": floor * 1e3,
                        "serve_ms": serve * 1e3,
                        "remote_ms": rem * 1e3,
                        "floor_min_ms": floor_min * 1e3,
                        "serve_min_ms": serve_min * 1e3,
                        "remote_min_ms": rem_min * 1e3,
                        "serve_ratio": serve / floor,
                        "remote_ratio": rem / floor,
                        "serve_min_ratio": serve_min / floor_min,
                        "serve_overhead_ms": (serve_min - floor_min) * 1e3,
                    }
                conn.close()

    print(
        f"\nqueries ({out['triples']} triples; {args.repeat} runs, interleaved; x = ratio to the "
        "floor)"
    )
    print(
        f"  {'query':<18} {'rows':>5} {'floor ms':>9} {'serve ms':>9} {'x':>5} {'remote ms':>10} "
        f"{'x':>5}"
        f"   {'min: floor':>10} {'serve':>7} {'x':>5}"
    )
    for name, q in out["queries"].items():
        if q.get("skipped"):
            print(
                f"  {name:<18} {'':>5} {q['floor_once_s'] * 1e3:>9.0f}   (slow on its own: not "
                "repeated)"
            )
            continue
        print(
            f"  {name:<18} {q['rows']:>5} {q['floor_ms']:>9.2f} {q['serve_ms']:>9.2f} "
            f"{q['serve_ratio']:>5.2f}"
            f" {q['remote_ms']:>10.2f} {q['remote_ratio']:>5.2f}"
            f"   {q['floor_min_ms']:>10.2f} {q['serve_min_ms']:>7.2f} {q['serve_min_ratio']:>5.2f}"
        )
    w = out["writes"]
    print(f"\nwrites ({args.articles} articles in batches of {BATCH})")
    print(
        f"  first load:  embedded {w['embedded_s']:.2f} s, Oxigraph server {w['remote_s']:.2f} s "
        f"(x{w['ratio']:.1f})"
    )
    print(
        f"  same again:  embedded {w['embedded_again_s']:.2f} s, Oxigraph server "
        f"{w['remote_again_s']:.2f} s"
        f" (x{w['again_ratio']:.1f})"
    )
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
