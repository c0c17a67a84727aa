"""A store that cannot be written: a file in its place, a read-only file system, a full
disk, another process holding it. A clear message naming the store and what to do, and
the store exactly as it was.

We run as root, and root ignores file modes: read-only is a read-only bind mount (or
``chattr +i``, or chmod for non-root users, whichever works first; the case says which),
and a full disk is a tmpfs of a few MB filled up with a file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from kgrun import SEED, mounted, read_only_bind, record, run_kg, snapshot

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


def _many(path: Path, n: int, tag: str) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            rec = json.loads(SEED_LINES[i % len(SEED_LINES)])
            rec["source"] = f"https://example.org/{tag}/{i}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def test_store_path_is_a_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.write_bytes(b"my notes, not a store\n")
    result = run_kg("ingest", SEED, store=store)
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {store}: is a file, not a store folder" in result.err
    assert "--store or KG_STORE" in result.err
    assert store.read_bytes() == b"my notes, not a store\n"
    record("store path is a file (ingest)", "--store notes.txt", result, "file untouched")
    result = run_kg("query", "ASK {}", store=store)
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {store}: no kg store here" in result.err
    record("store path is a file (query)", "--store notes.txt", result, "file untouched")


def test_store_on_a_read_only_file_system(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    more = _many(tmp_path / "more.jsonl", 20, "ro")
    with read_only_bind(store.parent) as how:
        result = run_kg("ingest", more, store=store)
        result.assert_clean()
        assert result.code == 1
        assert f"Error: {store}: cannot open the store" in result.err
        if how == "read-only bind mount":
            assert "the file system is read-only" in result.err
            assert "name a writable folder with --store" in result.err
            # Reading still works there.
            query = run_kg(
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                "--format",
                "csv",
                store=store,
            )
            assert query.code == 0, query.err
            assert int(query.out.split()[1]) > 0
        else:
            assert "permission denied" in result.err or "Operation not permitted" in result.err
    assert snapshot(store) == before
    record(f"store on a read-only file system ({how})", "more.jsonl", result, "yes (after unmount)")


def test_store_on_a_full_disk(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    template, before = seeded
    disk = tmp_path / "disk"
    more = _many(tmp_path / "more.jsonl", 300, "full")
    with mounted(disk, "size=32m") as ok:
        assert ok, "mounting a tmpfs was refused: this case needs root (CAP_SYS_ADMIN)"
        store = disk / "store"
        shutil.copytree(template, store)
        free = shutil.disk_usage(disk).free
        filler = disk / "filler"
        with filler.open("wb") as f:  # leave ~300 kB: the store opens, the batch does not fit
            f.write(bytes(max(free - 300 * 1024, 0)))
        result = run_kg("ingest", more, store=store)
        result.assert_clean()
        assert result.code == 1
        assert f"Error: {store}: " in result.err
        assert "the disk is full (free some space and run the command again)" in result.err
        assert (
            re.search(
                r"write failed; none of these \d+ article\(s\) was written, those written before "
                r"are intact",
                result.err,
            )
            or "cannot open the store" in result.err
        ), result.err
        record(
            "store on a full disk (filled during the write)",
            "300 articles, 300 kB free",
            result,
            "yes (after freeing space)",
        )

        with filler.open("ab") as f:  # now nothing at all is free
            try:
                f.write(bytes(1024 * 1024))
            except OSError:
                pass
        result = run_kg("ingest", more, store=store)
        result.assert_clean()
        assert result.code == 1
        assert "the disk is full" in result.err
        record(
            "store on a full disk (full before opening)",
            "300 articles, 0 B free",
            result,
            "yes (after freeing space)",
        )

        # An export onto the full disk fails cleanly and leaves no half file behind.
        target = disk / "graph.nq"
        result = run_kg("export", "-o", target, store=store)
        result.assert_clean()
        assert result.code == 1
        assert f"Error: {target}: cannot write the export: the disk is full" in result.err, (
            result.err
        )
        assert not target.exists() and not (disk / "graph.nq.part").exists()
        record("export onto a full disk", "-o graph.nq", result, "no file left behind")

        filler.unlink()
        assert snapshot(store) == before
        # With space again, the same ingest goes through: nothing was left locked or broken.
        result = run_kg("ingest", more, store=store)
        assert result.code == 0, result.err
        assert "300 article(s) added" in result.err


_HOLDER = (
    "import sys, time\n"
    "from kg.graph import KnowledgeGraph\n"
    "kg = KnowledgeGraph(sys.argv[1])\n"
    "print('holding', flush=True)\n"
    "time.sleep(120)\n"
)


def test_second_writer_gets_a_clear_message(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    more = _many(tmp_path / "more.jsonl", 20, "second")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(store)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        result = run_kg("ingest", more, store=store)
        result.assert_clean()
        assert result.code == 1
        assert (
            f"Error: {store}: cannot open the store: another kg process is using it" in result.err
        )
        assert "wait for it to finish, or stop `kg serve` on this store" in result.err
        record(
            "second writer on the same store", "more.jsonl while another kg holds it", result, "yes"
        )
        # Readers are not writers: a query works meanwhile.
        query = run_kg("query", "ASK { ?s ?p ?o }", store=store)
        assert query.code == 0 and query.out.strip() == "true", query.err
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()
    assert snapshot(store) == before
    result = run_kg("ingest", more, store=store)
    assert result.code == 0, result.err
    assert "20 article(s) added" in result.err


def test_store_folder_that_is_not_a_store(tmp_path: Path) -> None:
    """A folder of other things named as the store: refused or left alone, never emptied."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me", encoding="utf-8")
    result = run_kg("query", "ASK {}", store=folder)
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {folder}: no kg store here" in result.err
    assert (folder / "letter.txt").read_text(encoding="utf-8") == "keep me"
    record(
        "store folder holding other files (query)", "--store documents/", result, "files untouched"
    )


def _data_files(store: Path) -> dict[str, bytes]:
    """The store's files but RocksDB's own text log (LOG, LOG.old.*), which any open rotates."""
    return {p.name: p.read_bytes() for p in store.iterdir() if not p.name.startswith("LOG")}


def test_damaged_store_is_named_not_called_a_bug(seeded: tuple[Path, list[str]]) -> None:
    store, _ = seeded
    ssts = sorted(store.glob("*.sst"))
    assert ssts
    for sst in ssts:  # flip bytes inside every table file, as a bad disk or copy would
        data = bytearray(sst.read_bytes())
        for i in range(64, min(len(data), 192)):
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
    damaged = _data_files(store)
    for args, case in (
        (("query", "ASK { ?s ?p ?o }"), "damaged store (table files), query"),
        (("ingest", SEED), "damaged store (table files), ingest"),
    ):
        result = run_kg(*args, store=store)
        result.assert_clean()
        assert result.code == 1, result.err
        assert (
            f"Error: {store}: the store is damaged and cannot be opened (Corruption:" in result.err
        )
        assert (
            "Restore it from a copy or a `kg export`, or build it again with `kg ingest`"
            in result.err
        )
        assert _data_files(store) == damaged
        record(case, "bytes flipped in every .sst", result, "data files byte for byte the same")
    (store / "CURRENT").write_text("garbage\n")
    result = run_kg("stats", store=store)
    result.assert_clean()
    assert result.code == 1
    assert (
        "the store is damaged and cannot be opened (Corruption: CURRENT file corrupted)"
        in result.err
    )
    record("damaged store (CURRENT), stats", "CURRENT overwritten", result, "yes")
