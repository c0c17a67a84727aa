"""The benchmark runs: `python -m bench --quick` writes its JSON, and the corpus is sound."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_is_deterministic_and_its_evidence_points_into_the_text() -> None:
    from bench.corpus import CorpusGenerator

    gen = CorpusGenerator(seed=3)
    first = [gen.article(i) for i in range(40)]
    again = [CorpusGenerator(seed=3).article(i) for i in range(40)]
    assert [a.text for a, _ in first] == [a.text for a, _ in again]
    assert {a.lang for a, _ in first} == {"ko", "en"}
    for article, relations in first:
        assert relations, article.url
        for rel in relations:
            assert rel.evidence is not None
            assert article.text[rel.evidence.start : rel.evidence.end] == rel.evidence.text
            assert len(rel.cities) == 2


def test_corpus_reports_some_events_twice() -> None:
    from bench.corpus import CorpusGenerator

    seen: dict[tuple[object, ...], set[str]] = {}
    for article, relations in CorpusGenerator(seed=1).articles(300):
        for rel in relations:
            seen.setdefault(rel.identity, set()).add(article.url or "")
    assert any(len(urls) > 1 for urls in seen.values())


def test_write_corpus_writes_articles_and_relation_records(tmp_path: Path) -> None:
    from bench.corpus import read_corpus_articles, write_corpus

    meta = write_corpus(tmp_path, 25, seed=2, shard=10)
    assert meta["n"] == 25
    assert len(list((tmp_path / "articles").glob("*.jsonl"))) == 3
    assert len(read_corpus_articles(tmp_path)) == 25
    records = [
        json.loads(line)
        for f in sorted((tmp_path / "relations").glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
    ]
    assert len(records) == meta["relations"]
    assert all(r["type"] and len(r["cities"]) == 2 for r in records)


@pytest.mark.slow
def test_quick_benchmark_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--sizes",
            "60",
            "--extract-sample",
            "8",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    size = data["sizes"]["60"]
    assert size["ingest"]["quads"] > 0
    assert size["bulk_load"]["quads"] == size["ingest"]["quads"]
    assert set(size["query"]["queries"]) == {
        p.stem for p in (ROOT / "examples" / "queries").glob("*.rq")
    }
    assert "queries" in size["rdflib"]
    assert data["ratios"]["sizes"]["60"]["ingest_vs_bulk_load"] > 0
    assert set(data["targets"]["met"]) >= {"ingest_vs_bulk_load", "kg_help_s", "kg_query_demo_s"}
    assert "ingest/bulk" in result.stdout
