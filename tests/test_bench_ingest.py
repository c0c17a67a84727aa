"""The fast paths of ingest keep its meaning: parallel extraction, shared city descriptions."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph import KnowledgeGraph
from kg.store import Store, article_quads


def _snapshot(store: Store) -> set[ox.Quad]:
    return set(store.quads())


def _articles(folder: Path, n: int = 6) -> list[Path]:
    from bench.corpus import CorpusGenerator

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (article, _) in enumerate(CorpusGenerator(seed=5).articles(n)):
        path = folder / f"{i:02d}.jsonl"
        path.write_text(
            json.dumps(
                {
                    "text": article.text,
                    "title": article.title,
                    "url": article.url,
                    "published": article.published,
                },
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_batched_city_descriptions_equal_article_quads() -> None:
    from bench.corpus import CorpusGenerator

    items = list(CorpusGenerator(seed=9).articles(30))
    plain = Store()
    plain.load_quads(q for article, rels in items for q in article_quads(article, rels))
    batched = Store()
    batched.write_articles(items[:10])
    batched.write_articles(items[10:])  # cities already described are not sent again
    batched.write_articles(items[:5])  # unchanged articles
    assert _snapshot(batched) == _snapshot(plain)


def test_city_description_written_again_after_its_graph_was_dropped() -> None:
    from bench.corpus import CorpusGenerator
    from kg.namespaces import CITIES_GRAPH

    items = list(CorpusGenerator(seed=9).articles(3))
    store = Store()
    store.write_articles(items[:1])
    store.oxigraph.update(f"DROP GRAPH <{CITIES_GRAPH}>")
    store.write_articles(items)
    expected = Store()
    expected.load_quads(q for article, rels in items for q in article_quads(article, rels))
    assert _snapshot(store) == _snapshot(expected)


def test_ingest_with_two_jobs_stores_what_one_job_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")  # workers even for 6 articles
    paths = _articles(tmp_path / "news")
    bad = tmp_path / "news" / "zz-bad.csv"
    bad.write_text("type,cities\nnot-a-type,Seoul;Busan\n", encoding="utf-8")
    with KnowledgeGraph() as one, KnowledgeGraph() as two:
        r1 = one.ingest([tmp_path / "news"])
        r2 = two.ingest([tmp_path / "news"], jobs=2)
        assert (
            (r2.files, r2.articles, r2.relations)
            == (r1.files, r1.articles, r1.relations)
            == (len(paths), len(paths), r1.relations)
        )
        assert [p for p, _ in r2.failed] == [p for p, _ in r1.failed] == [str(bad)]
        assert (r1.jobs, r2.jobs) == (1, 2) and r2.startup_s is not None
        assert _snapshot(one.store) == _snapshot(two.store)


def test_cli_ingest_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    _articles(tmp_path / "news", 3)
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", "--jobs", "2", "-q", str(tmp_path / "news")]
    )
    assert result.exit_code == 0, result.output
    assert "3 article(s) added" in result.output
