"""The steps of the benchmark, each run in a child process of its own.

``python -m bench.steps NAME JSON`` runs one step with the JSON arguments and prints
one JSON line: what it measured, plus ``peak_rss_mb``, the child's own peak resident
memory (and that of any processes it started and waited for). A fresh process per step
keeps one step's memory out of the next one's figures.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS: dict[str, Callable[..., dict[str, Any]]] = {}


def step(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    STEPS[fn.__name__] = fn
    return fn


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports KiB


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def timings(
    fn: Callable[[], Any], *, reps: int, budget: float, timeout: float | None = None
) -> dict[str, Any]:
    """Run ``fn`` after one warm-up, up to ``reps`` times or ``budget`` seconds.

    With ``timeout``, a run that takes longer is stopped (SIGALRM; pure-Python code
    such as rdflib's SPARQL engine is interruptible) and reported as a lower bound.
    """
    out: dict[str, Any] = {}

    def once() -> float:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        t = time.perf_counter()
        try:
            out["rows"] = fn()
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return time.perf_counter() - t

    times: list[float] = []
    try:
        first = once()  # warm-up: caches, lazy imports, query parsing
        start = time.perf_counter()
        if first * 2 > budget:
            times.append(first)
        else:
            while len(times) < reps and time.perf_counter() - start < budget:
                times.append(once())
    except _TimeoutError:
        return {"timeout": True, "median_s": timeout, "p95_s": timeout, "runs": len(times)}
    out.update(
        median_s=statistics.median(times),
        p95_s=percentile(times, 0.95),
        runs=len(times),
        timeout=False,
    )
    return out


class _TimeoutError(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeoutError()


# --- corpus -----------------------------------------------------------------------------


@step
def gen(folder: str, n: int, seed: int) -> dict[str, Any]:
    from bench.corpus import write_corpus

    t = time.perf_counter()
    meta = write_corpus(folder, n, seed=seed)
    return {"seconds": time.perf_counter() - t, **meta}


def _sample(folder: str, n: int) -> list[Any]:
    from bench.corpus import read_corpus_articles

    return read_corpus_articles(folder, n)


# --- extraction -------------------------------------------------------------------------


@step
def kiwi(folder: str, sample: int, workers: int) -> dict[str, Any]:
    """The floor: Kiwi's tokenisation of the same texts, nothing else."""
    from kiwipiepy import Kiwi

    texts = [a.text for a in _sample(folder, sample)]
    t = time.perf_counter()
    k = Kiwi(num_workers=workers)
    k.tokenize("모델을 불러온다.")
    load = time.perf_counter() - t
    t = time.perf_counter()
    tokens = 0
    if workers > 1:
        for tokens_of_one in k.tokenize(texts):
            tokens += len(tokens_of_one)
    else:
        for text in texts:
            tokens += len(k.tokenize(text))
    seconds = time.perf_counter() - t
    return {
        "articles": len(texts),
        "chars": sum(map(len, texts)),
        "tokens": tokens,
        "load_s": load,
        "seconds": seconds,
        "articles_per_s": len(texts) / seconds,
    }


@step
def extract(folder: str, sample: int) -> dict[str, Any]:
    """kg's extraction of the same texts in one process (model load excluded)."""
    try:
        from kg.extract import extract as kg_extract
    except ImportError as err:
        return {"unavailable": f"kg.extract.extract: {err}"}
    articles = _sample(folder, sample)
    t = time.perf_counter()
    list(kg_extract(articles[0]))  # loads Kiwi and the gazetteer once
    load = time.perf_counter() - t
    t = time.perf_counter()
    relations = 0
    for article in articles:
        relations += len(list(kg_extract(article)))
    seconds = time.perf_counter() - t
    truth = _truth(folder, len(articles))
    return {
        "articles": len(articles),
        "relations": relations,
        "relations_stated": truth,
        "load_s": load,
        "seconds": seconds,
        "articles_per_s": len(articles) / seconds,
    }


def _truth(folder: str, n: int) -> int:
    from bench.corpus import CorpusGenerator

    meta = json.loads((Path(folder) / "corpus.json").read_text())
    gen = CorpusGenerator(meta["seed"])
    return sum(len(r) for _, r in gen.articles(n))


def _articles_file(folder: str, sample: int, path: str) -> Path:
    src = Path(path)
    with open(src, "w", encoding="utf-8") as f:
        for a in _sample(folder, sample):
            f.write(
                json.dumps(
                    {"text": a.text, "title": a.title, "url": a.url, "published": a.published},
                    ensure_ascii=False,
                )
                + "\n"
            )
    return src


@step
def ingest_text(
    folder: str, sample: int, jobs: int, store: str, dask: str | None = None
) -> dict[str, Any]:
    """`kg ingest` of article text end to end (read, extract, store) with ``jobs`` processes,
    or on a Dask cluster (``dask``); start-up (Kiwi and the gazetteer loaded everywhere)
    is timed apart from the throughput after it."""
    try:
        from kg.extract import extract as _  # noqa: F401
    except ImportError as err:
        return {"unavailable": f"kg.extract.extract: {err}"}
    from kg.graph import KnowledgeGraph

    src = _articles_file(folder, sample, store + ".articles.jsonl")
    # The workers even for a quick run's few articles: this step measures what they do.
    os.environ["KG_MIN_PARALLEL_ARTICLES"] = "0"
    cpu = os.times()
    t = time.perf_counter()
    with KnowledgeGraph(store) as kg:
        report = kg.ingest([src], jobs=jobs, dask=dask)
    seconds = time.perf_counter() - t
    end = os.times()
    startup = report.startup_s or 0.0
    # This process and every process it started (the zygote reaps the workers): the CPU
    # the ingest cost, whatever else the machine was doing.
    cpu_s = sum(getattr(end, f) - getattr(cpu, f) for f in ("user", "system"))
    children_s = sum(
        getattr(end, f) - getattr(cpu, f) for f in ("children_user", "children_system")
    )
    return {
        "articles": sample,
        "jobs": report.jobs,
        "dask": dask,
        "relations": report.relations,
        "failed": len(report.failed),
        "seconds": seconds,
        "startup_s": startup,
        "articles_per_s": sample / seconds,
        # After the last worker was ready; the first ones were at work already, so this
        # leans high by a little.
        "throughput_per_s": sample / max(seconds - startup, 1e-6),
        "parent_cpu_s": cpu_s,
        "cpu_s": cpu_s + children_s,
        "cpu_ms_per_article": 1000 * (cpu_s + children_s) / sample,
        "load_average": os.getloadavg()[0],
    }


@step
def extract_many(folder: str, sample: int) -> dict[str, Any]:
    """One process, Kiwi on its own threads ahead of the rules (`kg.extract.extract_many`):
    what one process gets from a second core without worker processes."""
    from kg.extract import extract_many

    articles = _sample(folder, sample)
    t = time.perf_counter()
    list(extract_many(articles[:1]))  # loads the gazetteer and Kiwi, with its two threads
    load = time.perf_counter() - t
    t = time.perf_counter()
    relations = sum(len(r) for _, r in extract_many(articles))
    seconds = time.perf_counter() - t
    return {
        "articles": len(articles),
        "relations": relations,
        "load_s": load,
        "seconds": seconds,
        "articles_per_s": len(articles) / seconds,
    }


# --- store side -------------------------------------------------------------------------


@step
def ingest(folder: str, store: str, dump: str) -> dict[str, Any]:
    """`KnowledgeGraph.ingest` of the corpus's relation records into an on-disk store."""
    from kg.gazetteer import Gazetteer
    from kg.graph import KnowledgeGraph

    files = sorted((Path(folder) / "relations").glob("*.jsonl"))
    # Start-up (the gazetteer, about 1.5 s; the ontology graph) is timed apart: the
    # throughput is what a long ingest runs at.
    t = time.perf_counter()
    Gazetteer.default()
    kg = KnowledgeGraph(store)
    kg.ensure_ontology()
    startup = time.perf_counter() - t
    t = time.perf_counter()
    with kg:
        report = kg.ingest(files)
        seconds = time.perf_counter() - t
        quads = len(kg.store)
        t2 = time.perf_counter()
        kg.export(dump, "nquads")
        export_s = time.perf_counter() - t2
    if report.failed:
        raise RuntimeError(f"ingest failed on {report.failed[:3]}")
    disk = sum(p.stat().st_size for p in Path(store).rglob("*") if p.is_file())
    return {
        "disk_mb": round(disk / 1e6, 1),
        "files": report.files,
        "articles": report.articles,
        "relations": report.relations,
        "quads_written": report.quads,
        "quads": quads,
        "seconds": seconds,
        "quads_per_s": quads / seconds,
        "startup_s": startup,
        "export_nquads_s": export_s,
    }


@step
def bulk(dump: str, store: str) -> dict[str, Any]:
    """The floor: pyoxigraph's bulk load of the same quads (N-Quads) into an on-disk store."""
    import pyoxigraph as ox

    t = time.perf_counter()
    s = ox.Store(store)
    s.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    s.flush()
    seconds = time.perf_counter() - t
    quads = len(s)
    return {"quads": quads, "seconds": seconds, "quads_per_s": quads / seconds}


RDFLIB_QUERIES = Path(__file__).resolve().parent / "rdflib_queries"


def _queries(folder: str) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.rq"))}


@step
def query(store: str, queries: str, name: str, reps: int, budget: float) -> dict[str, Any]:
    """One example query through `KnowledgeGraph.query` on the on-disk store."""
    from kg.graph import KnowledgeGraph

    text = _queries(queries)[name]
    with KnowledgeGraph(store, read_only=True) as kg:
        return timings(lambda: len(kg.query(text).rows), reps=reps, budget=budget)


#: How many relations each city takes part in, for choosing a typical city.
_RELATION_COUNTS = """
SELECT ?city (COUNT(?rel) AS ?n) WHERE {
  GRAPH <https://w3id.org/intercity/graph/relations> { ?rel ic:party ?city } }
GROUP BY ?city ORDER BY ?n ?city
"""

#: The named queries asked of a typical city, as kg query --named NAME --bind city=...
TYPICAL_QUERIES = ("partners", "timeline", "two_hops", "officials_met")


@step
def typical_city(
    store: str, reps: int, budget: float, names: list[str] | None = None
) -> dict[str, Any]:
    """The everyday questions about a typical city (the median by relations), through
    `KnowledgeGraph.named`: the examples ask them of the busiest city."""
    from kg.graph import KnowledgeGraph

    with KnowledgeGraph(store, read_only=True) as kg:
        rows = kg.query(_RELATION_COUNTS).rows
        city, count = rows[len(rows) // 2]["city"], int(rows[len(rows) // 2]["n"].value)
        out: dict[str, Any] = {"city": city.value, "relations": count, "queries": {}}
        for name in names or TYPICAL_QUERIES:
            out["queries"][name] = timings(
                lambda name=name: len(kg.named(name, city=city).rows), reps=reps, budget=budget
            )
    return out


@step
def rdflib_memory(
    dump: str, queries: str, reps: int, budget: float, query_timeout: float
) -> dict[str, Any]:
    """The common alternative: rdflib's Memory store loaded with the same quads, then queried."""
    import rdflib

    from kg.namespaces import PREFIXES

    signal.signal(signal.SIGALRM, _alarm)
    t = time.perf_counter()
    ds = rdflib.Dataset(store="Memory", default_union=True)
    ds.parse(dump, format="nquads")
    seconds = time.perf_counter() - t
    load_rss = peak_rss_mb()
    quads = len(ds.store)  # type: ignore[arg-type]
    ns = {p: rdflib.Namespace(iri) for p, iri in PREFIXES.items()}
    out: dict[str, Any] = {}
    # A query that matches inside each article's graph (GRAPH ?g) is fast on Oxigraph and
    # slow on rdflib, which walks every graph: rdflib also gets the same question written
    # over the union (bench/rdflib_queries), and its faster form is the baseline.
    other = _queries(str(RDFLIB_QUERIES))
    for name, text in _queries(queries).items():
        forms = {"example": text, **({"union": other[name]} if name in other else {})}
        tried = {
            form: timings(
                lambda q=q: len(list(ds.query(q, initNs=ns))),
                reps=reps,
                budget=budget,
                timeout=query_timeout,
            )
            for form, q in forms.items()
        }
        best = min(tried, key=lambda form: tried[form]["median_s"])
        out[name] = {**tried[best], "form": best, "forms": tried}
    return {
        "quads": quads,
        "seconds": seconds,
        "quads_per_s": quads / seconds,
        "load_peak_rss_mb": load_rss,
        "queries": out,
    }


@step
def draw(store: str, html: str) -> dict[str, Any]:
    """The HTML view (`KnowledgeGraph.draw`) of the whole store."""
    from kg.graph import KnowledgeGraph

    with KnowledgeGraph(store, read_only=True) as kg:
        t = time.perf_counter()
        graph = kg.networkx()
        networkx_s = time.perf_counter() - t
        t = time.perf_counter()
        kg.draw(html)  # rebuilds the networkx view itself: this is the user's cost
        seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "networkx_s": networkx_s,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "html_mb": round(os.path.getsize(html) / 1e6, 2),
    }


def main(argv: list[str]) -> None:
    name, args = argv[0], json.loads(argv[1])
    result = STEPS[name](**args)
    result["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
