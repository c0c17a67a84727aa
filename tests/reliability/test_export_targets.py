"""``kg export -o`` onto what is not a plain new file (issue 17): a symbolic link, a named
pipe, ``/dev/stdout``, a read-only file, a folder; and an export stopped by Ctrl-C or
SIGKILL. Nothing is replaced in silence, no partial file is left, the store is unchanged."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgrun import KG, Result, record, run_kg, snapshot


def _reference(store: Path) -> bytes:
    out = subprocess.run(
        [KG, "--store", str(store), "export", "--format", "nquads"], capture_output=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_links_read_only_files_folders_and_idle_pipes_are_not_replaced(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "kept.nq"
    kept.write_text("the user's own file\n", encoding="utf-8")
    link = out / "link.nq"
    link.symlink_to(kept)
    read_only = out / "read-only.nq"
    read_only.write_text("keep me\n", encoding="utf-8")
    read_only.chmod(0o444)
    folder = out / "folder.nq"
    folder.mkdir()
    pipe = out / "pipe.nq"
    os.mkfifo(pipe)
    cases = [
        ("export onto a symbolic link", link, "link.nq -> kept.nq", "is a symbolic link (to"),
        ("export onto a read-only file", read_only, "read-only.nq (0444)", "is read-only"),
        ("export onto a folder", folder, "folder.nq/", "is a folder; name a file in it"),
        (
            "export into a pipe nobody reads",
            pipe,
            "pipe.nq (FIFO)",
            "is a named pipe that no process",
        ),
    ]
    for case, target, what, needle in cases:
        start = time.monotonic()
        result = run_kg("export", "-o", target, store=store, timeout=60)
        result.assert_clean()
        assert result.code == 1, (case, result.err)
        assert f"Error: {target}: {needle}" in result.err, (case, result.err)
        assert time.monotonic() - start < 30, case  # refused, not waited on
        record(case, what, result, "yes; the target as it was")
    assert link.is_symlink() and kept.read_text(encoding="utf-8") == "the user's own file\n"
    assert read_only.read_text(encoding="utf-8") == "keep me\n"
    assert stat.S_IMODE(read_only.stat().st_mode) == 0o444
    assert folder.is_dir() and not any(folder.iterdir())
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in out.iterdir()) == [
        "folder.nq",
        "kept.nq",
        "link.nq",
        "pipe.nq",
        "read-only.nq",
    ]
    assert snapshot(store) == before


def test_pipes_and_standard_output_are_written_as_streams(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A pipe somebody reads and ``/dev/stdout`` get the export itself, as written to
    standard output; the pipe stays a pipe (it used to be replaced by a regular file)."""
    store, before = seeded
    expected = _reference(store)
    pipe = tmp_path / "pipe.nq"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    time.sleep(0.2)  # the reader opens the pipe first, as `gzip < pipe` would
    result = run_kg("export", "-o", pipe, store=store, timeout=60)
    reader.join(30)
    result.assert_clean()
    assert result.code == 0, result.err
    assert got == [expected]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    record("export into a pipe being read", "pipe.nq (FIFO)", result, "yes; pipe kept, data whole")

    proc = subprocess.run(
        [KG, "--store", str(store), "export", "--format", "nquads", "-o", "/dev/stdout"],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    shown = Result(proc.returncode, "", proc.stderr.decode())
    record("export -o /dev/stdout (a pipe)", "/dev/stdout", shown, "yes; same bytes as stdout")
    # after `> file` standard output is a regular file: written on where the shell put it
    # (`>>` appends), never renamed over
    into = tmp_path / "redirected.nq"
    into.write_bytes(b"# kept\n")
    with into.open("ab") as sink:
        proc = subprocess.run(
            [KG, "--store", str(store), "export", "--format", "nquads", "-o", "/dev/stdout"],
            stdout=sink,
            stderr=subprocess.PIPE,
        )
    assert proc.returncode == 0, proc.stderr
    assert into.read_bytes() == b"# kept\n" + expected
    shown = Result(proc.returncode, "", proc.stderr.decode())
    record("export -o /dev/stdout >> file", "/dev/stdout", shown, "yes; appended to the file")
    assert snapshot(store) == before


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose N-Quads export takes seconds (300k quads, bulk-loaded directly)."""
    path = tmp_path_factory.mktemp("big") / "store"
    lines = "".join(
        f'<http://example.org/s{i}> <http://example.org/p{i % 50}> "value {i} of a big '
        f'graph" <http://example.org/g{i % 1000}> .\n'
        for i in range(300_000)
    )
    store = ox.Store(str(path))
    store.bulk_load(lines.encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


def _stop_mid_export(store: Path, target: Path, sig: int) -> tuple[Result, int, float]:
    """Start ``kg export -o target``, send ``sig`` once its unnamed file holds 2 MB;
    the result, the bytes written by then, and the seconds from the signal to the exit."""
    proc = subprocess.Popen(
        [KG, "--store", str(store), "export", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    written = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and written < 2_000_000:
        for fd in os.listdir(f"/proc/{proc.pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{proc.pid}/fd/{fd}").startswith(str(target.parent)):
                    written = max(written, os.stat(f"/proc/{proc.pid}/fd/{fd}").st_size)
        time.sleep(0.05)
    assert proc.poll() is None, "the export ended before it could be stopped"
    start = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return Result(proc.returncode, out, err), written, time.monotonic() - start


def test_ctrl_c_and_sigkill_in_an_export_leave_no_partial_file(
    big_store: Path, tmp_path: Path
) -> None:
    """SIGKILL used to leave a 60 MB ``.part``; Ctrl-C took 10 s and spoke of ingest. The
    export is now an unnamed file until complete: killed, it is gone with the process."""
    before = snapshot(big_store)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.nq"
    target.write_text("the previous export\n", encoding="utf-8")

    result, written, took = _stop_mid_export(big_store, target, signal.SIGINT)
    result.assert_clean()
    assert result.code == 130, result.err
    assert result.err.startswith(
        f"Error: interrupted; the export to {target} was not written, and the store is unchanged"
    ), result.err
    assert "ingest" not in result.err
    assert took < 5, took
    assert [p.name for p in out.iterdir()] == ["graph.nq"]
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    record(
        "Ctrl-C during kg export -o (300k quads)",
        f"SIGINT after {written // 2**20} MB written",
        result,
        f"yes; ended {took:.1f} s after the signal, previous file kept, nothing else left",
    )

    result, written, took = _stop_mid_export(big_store, target, signal.SIGKILL)
    assert result.code == -9
    assert [p.name for p in out.iterdir()] == ["graph.nq"]  # no .part
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    record(
        "SIGKILL during kg export -o (300k quads)",
        f"SIGKILL after {written // 2**20} MB written",
        Result(-9, "", "killed; no .part, the previous file kept"),
        "yes; nothing left in the folder but the previous file",
    )

    whole = run_kg("export", "-o", target, store=big_store, timeout=170)
    assert whole.code == 0, whole.err
    assert [p.name for p in out.iterdir()] == ["graph.nq"]
    assert target.read_bytes().count(b"\n") == 300_000
    assert snapshot(big_store) == before
