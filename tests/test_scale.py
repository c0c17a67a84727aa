"""Extraction on many cores and machines: --jobs N and --dask give the graph one process gives.

Real worker processes and a real Dask ``LocalCluster`` (worker processes with nannies);
workers are killed with SIGKILL mid-run, and the store must hold every article whole or
not at all, with a rerun equal to a clean run.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import KGError
from kg.graph import KnowledgeGraph
from kg.namespaces import ARTICLE

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

pytestmark = pytest.mark.slow

#: A LocalCluster on 127.0.0.1 with its HTTP server on a free port.
LOCAL: dict[str, Any] = dict(
    n_workers=2,
    threads_per_worker=1,
    processes=True,
    host="127.0.0.1",
    dashboard_address="127.0.0.1:0",
)


def _corpus(folder: Path, files: int = 8, per_file: int = 6, seed: int = 11) -> Path:
    """Generated press releases (bench/corpus.py), ``per_file`` articles a JSON-lines file."""
    from bench.corpus import CorpusGenerator

    folder.mkdir(parents=True, exist_ok=True)
    items = CorpusGenerator(seed=seed).articles(files * per_file)
    for i, (article, _) in enumerate(items):
        line = {
            "text": article.text,
            "title": article.title,
            "url": article.url,
            "published": article.published,
        }
        with (folder / f"{i // per_file:02d}.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return folder


def _quads(kg: KnowledgeGraph) -> set[ox.Quad]:
    return set(kg.store.quads())


def _by_graph(quads: set[ox.Quad]) -> dict[str, set[ox.Quad]]:
    out: dict[str, set[ox.Quad]] = defaultdict(set)
    for q in quads:
        out[str(q.graph_name)].add(q)
    return out


def _isomorphic(a: set[ox.Quad], b: set[ox.Quad]) -> bool:
    """The same named graphs, each isomorphic (rdflib.compare) to its namesake."""

    def graph(quads: set[ox.Quad]) -> Graph:
        g = Graph()
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        g.parse(
            data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt"
        )
        return g

    ga, gb = _by_graph(a), _by_graph(b)
    return ga.keys() == gb.keys() and all(isomorphic(graph(ga[k]), graph(gb[k])) for k in ga)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("scale") / "news")


@pytest.fixture(scope="module")
def clean(corpus: Path) -> set[ox.Quad]:
    """The store one process writes from the corpus: what every other way must write."""
    with KnowledgeGraph() as kg:
        report = kg.ingest([corpus], strict=True)
        assert report.articles == 48 and report.jobs == 1
        return _quads(kg)


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    """A scheduler with two worker processes, reached by kg through its tcp:// address.

    Its scheduler gives up on a task whose worker dies (allowed-failures 0, Dask's default
    is 3), so that what happens next is kg's doing: it sends the task again, or with no
    retries left reports its articles.
    """
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with distributed.LocalCluster(**LOCAL) as c:
            yield c


def _worker_pids(address: str) -> list[int]:
    with distributed.Client(address, set_as_default=False) as client:
        return sorted(client.run(os.getpid).values())


def test_serial_jobs_and_dask_local_give_isomorphic_graphs(
    corpus: Path, clean: set[ox.Quad], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")  # 48 articles: workers all the same
    with KnowledgeGraph() as two:
        r2 = two.ingest([corpus], jobs=2, strict=True)
        jobs = _quads(two)
    with KnowledgeGraph() as dask:
        rd = dask.ingest([corpus], dask="local", strict=True)
        on_dask = _quads(dask)
    assert (r2.jobs, r2.articles, rd.jobs, rd.articles) == (2, 48, 2, 48)
    assert r2.startup_s is not None and rd.startup_s is not None
    assert _isomorphic(jobs, clean) and _isomorphic(on_dask, clean)
    assert jobs == clean and on_dask == clean  # and, IRIs being deterministic, the same quads


def test_a_small_input_with_jobs_stays_in_one_process(corpus: Path, clean: set[ox.Quad]) -> None:
    with KnowledgeGraph() as kg:
        report = kg.ingest([corpus], jobs=2)
        assert report.jobs == 1  # 48 articles are fewer than the workers' start-up is worth
        assert _quads(kg) == clean


def test_a_dask_worker_killed_mid_run_loses_no_article(
    corpus: Path, clean: set[ox.Quad], cluster: distributed.LocalCluster
) -> None:
    address = cluster.scheduler_address
    victim = _worker_pids(address)[0]
    killed: list[int] = []

    def on_file(path: str, error: str | None) -> None:
        if not killed:  # after the first file: the others are on the workers or queued
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    with KnowledgeGraph() as kg:
        report = kg.ingest([corpus], dask=address, on_file=on_file)
        assert killed and not report.failed, report.failed  # kg sent its tasks again
        assert _quads(kg) == clean
        rerun = kg.ingest([corpus], dask=address)
        assert rerun.unchanged == 48 and _quads(kg) == clean


def test_articles_of_a_worker_that_dies_too_often_are_reported_and_the_rest_whole(
    corpus: Path, clean: set[ox.Quad], cluster: distributed.LocalCluster
) -> None:
    """With no retries the articles of the killed workers' tasks are reported, their files
    absent, every other file whole; a rerun adds them and equals a clean run."""
    from kg.cluster import DaskExtractor

    address = cluster.scheduler_address
    killed: list[int] = []

    def on_file(path: str, error: str | None) -> None:
        if not killed:
            for pid in _worker_pids(address):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with DaskExtractor(address, retries=0) as extractor, KnowledgeGraph() as kg:
        report = kg.ingest([corpus], dask=extractor, on_file=on_file)
        assert killed and report.failed, "no task was lost: the kill came too late"
        assert all("died" in message for _, message in report.failed)
        got, want = _by_graph(_quads(kg)), _by_graph(clean)
        articles = [g for g in want if g.startswith(f"<{ARTICLE}")]
        whole = [g for g in articles if got.get(g) == want[g]]
        absent = [g for g in articles if g not in got]
        assert len(whole) + len(absent) == len(articles)
        assert absent and len(absent) == 6 * len(report.failed)  # whole files are missing
        rerun = kg.ingest([corpus], dask=extractor)
        assert not rerun.failed and _quads(kg) == clean


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def _local_workers() -> list[int]:
    """The --jobs workers: the children of the zygote that forks them warm."""
    import multiprocessing

    zygotes = [p for p in multiprocessing.active_children() if p.name == "kg-extract-zygote"]
    return [w for z in zygotes for w in _children(z.pid or 0)]


def test_a_local_worker_killed_mid_run_loses_no_article(
    corpus: Path, clean: set[ox.Quad], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    killed: list[int] = []

    def on_file(path: str, error: str | None) -> None:
        workers = _local_workers()
        if not killed and workers:
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    with KnowledgeGraph() as kg:
        report = kg.ingest([corpus], jobs=2, on_file=on_file)
        assert killed and not report.failed and _quads(kg) == clean
        assert report.jobs == 2 and report.startup_s is not None


def test_local_workers_killed_too_often_lose_their_files_whole(
    corpus: Path, clean: set[ox.Quad], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no retries a dead worker's chunks are reported and their files left out whole;
    the other files are whole, and a rerun adds the rest and equals a clean run."""
    from kg.workers import ProcessExtractor

    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    killed: list[int] = []

    def on_file(path: str, error: str | None) -> None:
        if not killed:
            for pid in _local_workers():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with ProcessExtractor(2, retries=0) as extractor, KnowledgeGraph() as kg:
        report = kg.ingest([corpus], dask=extractor, on_file=on_file)
        assert killed and report.failed, "no chunk was lost: the kill came too late"
        assert all("died" in message for _, message in report.failed)
        got, want = _by_graph(_quads(kg)), _by_graph(clean)
        articles = [g for g in want if g.startswith(f"<{ARTICLE}")]
        assert all(got.get(g) in (None, want[g]) for g in articles)
        assert len([g for g in articles if g not in got]) == 6 * len(report.failed)
        assert extractor.worker_pids() and not set(extractor.worker_pids()) & set(killed)
        rerun = kg.ingest([corpus], dask=extractor)
        assert not rerun.failed and _quads(kg) == clean


def test_the_workers_end_with_the_ingest(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    seen: list[int] = []

    def on_file(path: str, error: str | None) -> None:
        seen.extend(_local_workers())

    with KnowledgeGraph() as kg:
        kg.ingest([corpus], jobs=2, on_file=on_file)
    assert len(set(seen)) == 2
    assert not [p for p in multiprocessing.active_children() if p.name == "kg-extract-zygote"]
    deadline = time.monotonic() + 10  # gone, or at most a zombie being reaped
    while [pid for pid in set(seen) if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in set(seen) if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        return " Z " not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]
    except OSError:
        return False


def test_dask_that_cannot_be_reached_is_a_clear_error(corpus: Path, tmp_path: Path) -> None:
    with KnowledgeGraph(tmp_path / "store") as kg:
        with pytest.raises(KGError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
            kg.ingest([corpus], dask="tcp://127.0.0.1:9")
        with pytest.raises(KGError, match="not a scheduler address"):
            kg.ingest([corpus], dask="127.0.0.1:8786")
        assert len(kg.store) == 0


def test_cli_ingest_dask(
    corpus: Path, tmp_path: Path, clean: set[ox.Quad], cluster: distributed.LocalCluster
) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    store = tmp_path / "store"
    address = cluster.scheduler_address
    result = CliRunner().invoke(
        cli, ["--store", str(store), "ingest", "-q", "--dask", address, str(corpus)]
    )
    assert result.exit_code == 0, result.output
    assert "48 article(s) added" in result.output
    with KnowledgeGraph(store, read_only=True) as kg:
        assert _quads(kg) == clean


# --- a long file, written in parts while the rest of it is extracted --------------------
#
# With workers, a file of many articles is written a part at a time (a quarter of a
# batch) as its articles come back; the parts stay provisional until the rest of the
# file has landed, and come out again exactly if the file fails after all.


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """48 articles in one JSON-lines file: three chunks, so two parts and the rest."""
    folder = _corpus(tmp_path_factory.mktemp("long") / "news", files=1, per_file=48, seed=23)
    return folder / "00.jsonl"


@pytest.fixture(scope="module")
def long_clean(long_file: Path) -> set[ox.Quad]:
    with KnowledgeGraph() as kg:
        kg.ingest([long_file], strict=True, batch=16)
        return _quads(kg)


@pytest.fixture(scope="module")
def long_files(tmp_path_factory: pytest.TempPathFactory, long_file: Path) -> list[Path]:
    """Two long files and a short one between them: parts, a file whole, parts again."""
    folder = tmp_path_factory.mktemp("longer")
    short = _corpus(folder / "short", files=1, per_file=5, seed=31) / "00.jsonl"
    second = _corpus(folder / "second", files=1, per_file=40, seed=37) / "00.jsonl"
    return [long_file, short, second]


def _count_parts(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the provisional writes ``kg`` is asked for, as they land."""
    sizes: list[int] = []
    write = kg.add_provisional

    def spy(items: Any) -> Any:
        written = write(items)
        sizes.append(len(items))
        return written

    monkeypatch.setattr(kg, "add_provisional", spy)
    return sizes


def _count_compactions(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> list[None]:
    """One entry per compaction of ``kg``'s store (each still done)."""
    calls: list[None] = []
    optimize = kg.optimize

    def spy() -> None:
        optimize()
        calls.append(None)

    monkeypatch.setattr(kg, "optimize", spy)
    return calls


def test_a_run_is_compacted_when_it_wrote_more_than_a_batch_however_it_was_cut(
    long_file: Path, long_clean: set[ox.Quad], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compaction follows the articles written, not the number of writes: 48 articles are
    more than a batch of 16 (compacted once, though one process writes the file in one
    write) and less than one of 64 (not at all, with one process or with workers writing
    the file in parts); unless the run says (--compact, --no-compact)."""
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    runs = (
        ("a", 1, 16, None, 1),
        ("b", 1, 64, None, 0),
        ("c", 2, 64, None, 0),
        ("d", 1, 64, True, 1),  # kg ingest --compact
        ("e", 1, 16, False, 0),  # kg ingest --no-compact
    )
    for name, jobs, batch, compact, compacted in runs:
        with KnowledgeGraph(tmp_path / name) as kg:
            parts, compactions = _count_parts(kg, monkeypatch), _count_compactions(kg, monkeypatch)
            kg.ingest([long_file], jobs=jobs, batch=batch, strict=True, compact=compact)
            assert len(compactions) == compacted, name
            assert bool(parts) == (jobs > 1), name  # the workers' run did write in parts
            assert _quads(kg) == long_clean


def test_long_files_in_parts_give_the_graph_one_process_gives(
    long_files: list[Path],
    cluster: distributed.LocalCluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    with KnowledgeGraph() as serial:
        serial.ingest(long_files, strict=True, batch=16)
        want = _quads(serial)
    with KnowledgeGraph(tmp_path / "store") as kg:
        parts = _count_parts(kg, monkeypatch)
        report = kg.ingest(long_files, jobs=2, batch=16, strict=True)
        assert parts == [16, 16, 16, 16] and report.articles == 93 and report.files == 3
        assert _quads(kg) == want
        rerun = kg.ingest(long_files, jobs=2, batch=16)  # unchanged parts add nothing
        assert rerun.unchanged == 93 and rerun.articles == 0 and _quads(kg) == want
    with KnowledgeGraph() as kg:
        parts = _count_parts(kg, monkeypatch)
        report = kg.ingest(long_files, dask=cluster.scheduler_address, batch=16, strict=True)
        assert parts == [16, 16, 16, 16] and report.articles == 93
        assert _quads(kg) == want


def test_a_long_files_parts_shrink_towards_its_end_so_little_is_written_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Near the end of a file a part is as many articles as are still out (down to a
    chunk): what is left to write after its last article comes back is one chunk, not a
    whole part."""
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    src = _corpus(tmp_path / "news", files=1, per_file=160, seed=41) / "00.jsonl"
    with KnowledgeGraph() as serial:
        serial.ingest([src], strict=True, batch=256)
        want = _quads(serial)
    with KnowledgeGraph(tmp_path / "store") as kg:
        parts = _count_parts(kg, monkeypatch)
        report = kg.ingest([src], jobs=2, batch=256, strict=True)  # parts of 64 articles
        # 10 chunks of 16: 64 back (96 out), then 48 (48 out), then 32 (16 out); the rest
        # (the last chunk, 16 articles) is the file's closing write.
        assert parts == [64, 48, 32] and report.articles == 160
        assert _quads(kg) == want


def test_a_long_file_that_fails_after_its_first_part_is_taken_out_exactly(
    corpus: Path,
    clean: set[ox.Quad],
    long_file: Path,
    long_clean: set[ox.Quad],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The workers die (no retries) once the first part is in the store: the file is
    reported, the store holds exactly what it held before, and a rerun equals a clean run."""
    from kg.workers import ProcessExtractor

    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.ingest([corpus], strict=True)
        before, graphs = _quads(kg), kg.store.graphs()
        assert before == clean
        killed: list[int] = []
        write = kg.add_provisional

        def write_then_kill(items: Any) -> Any:
            written = write(items)
            if not killed:
                for pid in _local_workers():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            return written

        monkeypatch.setattr(kg, "add_provisional", write_then_kill)
        with ProcessExtractor(2, retries=0) as extractor:
            report = kg.ingest([long_file], dask=extractor, batch=16)
        assert killed and [p for p, _ in report.failed] == [str(long_file)], report.failed
        assert "died" in report.failed[0][1] and report.articles == 0
        # The part written is out again, its graphs' names too; nothing else changed.
        assert _quads(kg) == before and kg.store.graphs() == graphs
        monkeypatch.undo()
        monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
        rerun = kg.ingest([long_file], jobs=2, batch=16)
        assert not rerun.failed and rerun.articles == 48
    with KnowledgeGraph() as fresh:
        fresh.ingest([corpus, long_file], strict=True, batch=16)
        want = _quads(fresh)
    with KnowledgeGraph(tmp_path / "store", read_only=True) as kg:
        assert _quads(kg) == want


def test_a_long_file_that_replaces_articles_is_held_back_and_written_whole(
    long_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part the store cannot take back exactly (it replaces an article) is not written
    provisionally: the rest of the file waits for its end and lands in one write."""
    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    lines = long_file.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[3])
    changed["title"] = "A corrected headline"  # same URL: the same article, read again
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([*lines[:3], json.dumps(changed), *lines[4:]]) + "\n", "utf-8")

    with KnowledgeGraph() as serial:
        serial.ingest([long_file], batch=16)
        serial.ingest([edited], batch=16)
        want = _quads(serial)
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.ingest([long_file], jobs=2, batch=16)
        parts = _count_parts(kg, monkeypatch)
        report = kg.ingest([edited], jobs=2, batch=16, strict=True)
        assert parts == []  # the first part was refused (nothing written), the rest held
        assert (report.replaced, report.unchanged, report.files) == (1, 47, 1)
        assert _quads(kg) == want


def test_a_long_file_whose_last_write_fails_is_taken_out_with_its_parts(
    corpus: Path, long_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write of the file's rest fails (a full disk, say): the ingest stops with the
    error, and the parts written before it come out again."""
    from kg.errors import StoreError

    monkeypatch.setenv("KG_MIN_PARALLEL_ARTICLES", "0")
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.ingest([corpus], strict=True)
        before, graphs = _quads(kg), kg.store.graphs()
        parts = _count_parts(kg, monkeypatch)

        def full_disk(items: Any) -> Any:
            raise StoreError("write failed: no space left on device")

        monkeypatch.setattr(kg, "add", full_disk)
        with pytest.raises(StoreError, match="no space left"):
            kg.ingest([long_file], jobs=2, batch=16)
        assert parts == [16, 16]
        assert _quads(kg) == before and kg.store.graphs() == graphs
