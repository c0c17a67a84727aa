"""``kg serve`` and ``kg ingest`` on the same store at the same time.

How it behaves, and what this test holds:

- ``kg serve`` (read-only, the default) opens the store read-only in its query workers and
  takes no lock, so ``kg ingest`` runs beside it. The server answers every query during
  the ingest; a worker opens the store again when a batch has landed since, so articles
  show as their batches land, never half of one (a batch lands in one RocksDB step).
- ``kg serve --allow-update`` holds the store's write lock: a ``kg ingest`` beside it is
  refused at once, with a message naming the store and saying to stop ``kg serve`` or
  wait; the server goes on answering and the store is unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from kgrun import KG, SEED, Result, record, run_kg, snapshot
from servers import kg_serve

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
ARTICLE = "https://w3id.org/intercity/id/article/"


def _corpus(folder: Path, files: int = 30, per_file: int = 20) -> None:
    seed = SEED.read_text(encoding="utf-8").splitlines()
    folder.mkdir()
    n = 0
    for f in range(files):
        with (folder / f"news-{f:03d}.jsonl").open("w", encoding="utf-8") as out:
            for a in range(per_file):
                rec = json.loads(seed[n % len(seed)])
                rec["source"] = f"https://concurrent.example/{f}/{a}"
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1


def _per_graph(url: str) -> dict[str, int]:
    body = urllib.parse.urlencode({"query": PER_GRAPH}).encode()
    req = urllib.request.Request(url + "sparql", data=body, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 200
        rows = csv.DictReader(io.StringIO(resp.read().decode()))
        return {r["g"]: int(r["n"]) for r in rows}


def _counts(store: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in snapshot(store):
        g = line.rsplit(" ", 1)[1].strip("<>")
        out[g] = out.get(g, 0) + 1
    return out


@pytest.mark.slow
def test_read_only_server_answers_during_an_ingest_and_never_shows_half_an_article(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    folder = tmp_path / "news"
    _corpus(folder)
    reference_store = tmp_path / "reference"
    assert run_kg("ingest", SEED, folder, store=reference_store).code == 0
    reference = _counts(reference_store)
    articles = {g for g in reference if g.startswith(ARTICLE)}
    assert len(articles) == 601

    with kg_serve(store) as (url, _):
        env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
        ingest = subprocess.Popen(
            [KG, "--store", str(store), "ingest", "-q", "--batch", "50", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        answers = 0
        counts: list[int] = []
        try:
            while ingest.poll() is None:
                seen = _per_graph(url)  # raises on anything but 200
                answers += 1
                counts.append(sum(1 for g in seen if g.startswith(ARTICLE)))
                for g, n in seen.items():
                    if g.startswith(ARTICLE):
                        assert n == reference[g], (
                            f"{g}: {n} of {reference[g]} quads, half an article"
                        )
                time.sleep(0.2)
        finally:
            _, err = ingest.communicate(timeout=300)
        assert ingest.returncode == 0, err
        assert "600 article(s) added" in err
        assert answers >= 3, "the ingest ended before the server was asked anything"
        # The same server, not restarted, now answers from the whole store.
        after = _per_graph(url)
        assert {g: n for g, n in after.items() if g.startswith(ARTICLE)} == {
            g: reference[g] for g in articles
        }
        assert counts == sorted(counts), "articles disappeared between two answers"
    # A server started now sees the same.
    with kg_serve(store) as (url, _):
        final = _per_graph(url)
    assert {g: n for g, n in final.items() if g.startswith(ARTICLE)} == {
        g: reference[g] for g in articles
    }
    record(
        "kg serve (read-only) while kg ingest writes 600 articles",
        f"{answers} queries during the ingest",
        Result(0, "", "all 200; every article graph seen whole; new ones as their batch lands"),
        "ingest exit 0; store = reference run",
    )


def test_ingest_beside_a_writable_server_is_refused_clearly(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    folder = tmp_path / "news"
    _corpus(folder, files=2, per_file=5)
    with kg_serve(store, "--allow-update") as (url, _):
        result = run_kg("ingest", folder, store=store)
        result.assert_clean()
        assert result.code == 1
        assert (
            f"Error: {store}: cannot open the store: another kg process is using it" in result.err
        )
        assert "stop `kg serve` on this store" in result.err
        assert _per_graph(url)  # the server goes on
    assert snapshot(store) == before
    record("kg ingest beside kg serve --allow-update", "news/ (10 articles)", result, "yes")
