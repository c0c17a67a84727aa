"""Crash safety: ``kg ingest`` killed with SIGKILL in the middle of 2,000 articles.

After each kill the store is reopened and every article graph is compared with what an
uninterrupted run writes for that article: it is there whole (the same quads) or not at
all. The same ingest is then run again, killed again later, and finally let finish: the
store is then quad for quad the store of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgrun import KG, SEED, Result, graphs_of, record, snapshot

FILES, PER_FILE = 100, 20  # 2,000 articles
BATCH = 200  # articles a write (--batch): 10 writes
ONTOLOGY = "<https://w3id.org/intercity/graph/ontology>"
CITIES = "<https://w3id.org/intercity/graph/cities>"
#: Graphs shared by the articles (relation facts, officials): never half an article.
SHARED = (
    "<https://w3id.org/intercity/graph/relations>",
    "<https://w3id.org/intercity/graph/officials>",
)


def _corpus(folder: Path) -> int:
    """Relation files of 20 articles, one relation each, dates varied; returns the article count."""
    seed = SEED.read_text(encoding="utf-8").splitlines()
    folder.mkdir()
    n = 0
    for f in range(FILES):
        with (folder / f"batch-{f:03d}.jsonl").open("w", encoding="utf-8") as out:
            for a in range(PER_FILE):
                rec = json.loads(seed[n % len(seed)])
                rec["source"] = f"https://news.example/{f}/{a}"
                rec["date"] = f"20{10 + f % 15}-{1 + a % 12:02d}-{1 + (n % 28):02d}"
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def _ingest(store: Path, folder: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    return subprocess.Popen(
        [KG, "--store", str(store), "ingest", "-q", "--batch", str(BATCH), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _graphs_in(store: Path) -> int:
    """Named graphs in the store now, as a reader opening it sees them (-1: not openable yet)."""
    try:
        reader = ox.Store.read_only(str(store))
        # A read-only reader does not hold files: a compaction may remove one under it.
        return sum(1 for _ in reader.named_graphs())
    except (OSError, RuntimeError, ValueError):
        return -1


def _wait_for_commits(
    store: Path, proc: subprocess.Popen[str], commits: int, timeout: float
) -> None:
    """Return once a reader sees ``commits`` more batches of articles than at the start."""
    deadline = time.monotonic() + timeout
    start = None
    while True:
        assert time.monotonic() < deadline, "no batch was written in time"
        assert proc.poll() is None, "the ingest ended before it could be killed"
        n = _graphs_in(store)
        if n >= 0:
            if start is None:
                start = n
            elif n - start >= commits * BATCH:
                return
        time.sleep(0.05)


def _articles(graphs: dict[str, set[str]]) -> dict[str, set[str]]:
    return {g: q for g, q in graphs.items() if g not in (ONTOLOGY, CITIES, *SHARED)}


def _check_whole(store: Path, reference: dict[str, set[str]]) -> int:
    """Every article graph in the store is exactly the reference's; returns how many there are."""
    found = graphs_of(snapshot(store))
    articles = _articles(found)
    ref_articles = _articles(reference)
    for g, quads in articles.items():
        assert g in ref_articles, f"{g}: an article graph the clean run does not have"
        assert quads == ref_articles[g], (
            f"{g}: half an article ({len(quads)} of {len(ref_articles[g])} quads)"
        )
    if ONTOLOGY in found:
        assert found[ONTOLOGY] == reference[ONTOLOGY]
    assert found.get(CITIES, set()) <= reference[CITIES]
    for shared in SHARED:
        assert found.get(shared, set()) <= reference.get(shared, set())
    return len(articles)


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    total = _corpus(folder)
    assert total == 2000

    clean = tmp_path / "clean"
    start = time.monotonic()
    proc = _ingest(clean, folder)
    _, err = proc.communicate(timeout=600)
    took = time.monotonic() - start
    assert proc.returncode == 0, err
    assert f"{FILES} file(s) read, {total} article(s) added" in err
    reference_lines = snapshot(clean)
    reference = graphs_of(reference_lines)
    assert len(_articles(reference)) == total

    # Kill mid-way, three times, on the same store: each time once the store has
    # taken one more batch than at start (so some batches are in, others not, and
    # the kill lands wherever the next batch happens to be: reading, building, writing).
    # One, not two: a reader sees the batches late (it opens the store anew each time),
    # and with two the third kill once came after the last article (kills 400, 1400, 2000).
    crashed = tmp_path / "crashed"
    kills: list[int] = []
    # SIGKILL (no chance to react), Ctrl-C (kg says it was interrupted, exit 130), SIGTERM
    # (what `kill` and service managers send; Python dies at once).
    for sig in (signal.SIGKILL, signal.SIGINT, signal.SIGTERM):
        proc = _ingest(crashed, folder)
        _wait_for_commits(crashed, proc, 1, timeout=took * 2 + 30)
        os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
        if sig == signal.SIGINT:
            assert proc.returncode == 130, err
            assert err.startswith("Error: interrupted; the store holds what was written before"), (
                err
            )
            assert "Traceback" not in err
        else:
            assert proc.returncode == -sig, "the ingest ended before it could be killed"
        kills.append(_check_whole(crashed, reference))
    assert 0 < kills[0] < kills[1] < kills[2] < total, kills

    # The same ingest again, uninterrupted: quad for quad the clean store.
    proc = _ingest(crashed, folder)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert snapshot(crashed) == reference_lines
    facts_lost = len(set(reference_lines) - set(snapshot(crashed)))
    assert facts_lost == 0
    for sig, present in zip(("SIGKILL", "SIGINT (Ctrl-C)", "SIGTERM"), kills, strict=True):
        record(
            f"{sig} during kg ingest (2,000 articles, 100 files), same store",
            f"{present}/{total} articles in when it stopped",
            Result(
                130 if sig.startswith("SIGINT") else -9 if sig == "SIGKILL" else -15,
                "",
                "Error: interrupted; the store holds what was written before (each file is all or "
                "nothing)"
                if sig.startswith("SIGINT")
                else "killed; store reopened; every article whole or absent",
            ),
            "every article whole or absent; rerun = uninterrupted run, quad for quad; 0 facts lost",
        )


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children...), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


@pytest.mark.slow
def test_sigkill_of_a_parallel_ingest_leaves_no_worker_behind(tmp_path: Path) -> None:
    """``kg ingest --jobs 2`` extracts in worker processes (each holding Kiwi, ~600 MB):
    killing the ingest must not leave them running, and the store is whole."""
    folder = tmp_path / "texts"
    folder.mkdir()
    body = (SEED.parent / "seed" / "goyang-yiwu-2024-10-24.txt").read_text(encoding="utf-8")
    for i in range(40):
        (folder / f"a{i:03d}.txt").write_text(f"{i}번째 기사\n{body}", encoding="utf-8")
    store = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    env["KG_MIN_PARALLEL_ARTICLES"] = "0"  # 40 articles would otherwise stay in one process
    proc = subprocess.Popen(
        [KG, "--store", str(store), "ingest", "-q", "--jobs", "2", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    try:
        while len(workers) < 3 and time.monotonic() < deadline and proc.poll() is None:
            workers = _descendants(proc.pid)  # the forkserver and its two workers
            time.sleep(0.2)
        assert proc.poll() is None and len(workers) >= 3, f"no workers seen: {workers}"
        time.sleep(2)
        workers = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)  # (orphans holding a stderr pipe would block communicate())
        deadline = time.monotonic() + 20
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _alive(workers)
    finally:
        for pid in _alive(workers):  # never leave them to the next test
            os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {sorted(left)} outlived the killed ingest"
    # And the store it left is whole: a rerun finishes and adds exactly the missing ones.
    result = subprocess.run(
        [KG, "--store", str(store), "ingest", "-q", "--batch", str(BATCH), str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "40 file(s) read" in result.stderr
    record(
        "SIGKILL during kg ingest --jobs 2 (40 texts)",
        "parent killed while workers extract",
        Result(-signal.SIGKILL, "", f"{len(workers)} worker processes gone within 20 s"),
        "rerun completes",
    )
