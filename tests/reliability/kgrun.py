"""Run ``kg`` as a user does, fingerprint a store, make broken file systems.

Shared by the reliability tests (imported as ``kgrun``; pytest puts this folder on the path).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[2]
KG = str(Path(sys.executable).with_name("kg"))
SEED = ROOT / "data" / "seed-relations.jsonl"

#: Cases run in this session, for the table (``KG_RELIABILITY_TABLE``).
TABLE: list[tuple[str, str, int, str, str]] = []


def record(case: str, what: str, result: Result, proof: str) -> None:
    """Note a case for the table (see KG_RELIABILITY_TABLE in conftest.py)."""
    TABLE.append((case, what, result.code, result.first_error, proof))


@dataclass
class Result:
    """What a ``kg`` run gave: exit code, standard output, standard error."""

    code: int
    out: str
    err: str

    @property
    def first_error(self) -> str:
        for line in self.err.splitlines():
            if line.startswith("Error:"):
                return line
        return (self.err.strip().splitlines() or [""])[-1]

    def assert_clean(self) -> None:
        """No traceback and no internal error, whatever the outcome."""
        text = self.out + self.err
        assert "Traceback" not in text, text
        assert "internal error" not in text, text


def run_kg(
    *args: str | os.PathLike[str],
    store: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    cwd: Path | None = None,
    prefix: list[str] | None = None,
) -> Result:
    """Run the ``kg`` console script; ``store`` goes in as ``--store``; ``prefix`` is a
    command to run it under (``setpriv ...``)."""
    cmd = [*(prefix or []), KG]
    if store is not None:
        cmd += ["--store", str(store)]
    cmd += [str(a) for a in args]
    full_env = {**os.environ, **(env or {})}
    full_env.pop("KG_STORE", None)
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def snapshot(store: Path) -> list[str]:
    """Every quad of an on-disk store as sorted N-Quads lines (empty if there is no store)."""
    if not (store / "CURRENT").exists():
        return []
    s = ox.Store.read_only(str(store))
    try:
        return sorted(str(q) for q in s.quads_for_pattern(None, None, None, None))
    finally:
        del s


def graphs_of(lines: list[str]) -> dict[str, set[str]]:
    """N-Quads lines grouped by their graph name (the last term of each line)."""
    store = ox.Store()
    store.load(
        "".join(line + " .\n" for line in lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS
    )
    out: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        out.setdefault(str(q.graph_name), set()).add(str(q.triple))
    return out


@contextlib.contextmanager
def mounted(target: Path, *options: str, fstype: str = "tmpfs") -> Iterator[bool]:
    """Mount a tmpfs (e.g. ``size=2m``) on ``target``; yields False if mounting is refused."""
    target.mkdir(parents=True, exist_ok=True)
    opts = ",".join(options)
    proc = subprocess.run(
        ["mount", "-t", fstype, "-o", opts or "defaults", fstype, str(target)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def read_only_bind(target: Path) -> Iterator[str]:
    """Make ``target`` read-only: a read-only bind mount, else ``chattr +i``, else chmod.

    Yields how it was done. Root ignores file modes, so chmod only stops non-root users.
    """
    ok = (
        subprocess.run(
            ["mount", "--bind", str(target), str(target)], capture_output=True
        ).returncode
        == 0
    )
    if ok:
        ok = (
            subprocess.run(
                ["mount", "-o", "remount,bind,ro", str(target)], capture_output=True
            ).returncode
            == 0
        )
        if not ok:
            subprocess.run(["umount", str(target)], capture_output=True)
    if ok:
        try:
            yield "read-only bind mount"
        finally:
            subprocess.run(["umount", "-l", str(target)], capture_output=True)
        return
    files = [p for p in target.rglob("*")] + [target]
    if (
        os.geteuid() == 0
        and subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True).returncode == 0
    ):
        try:
            yield "chattr +i"
        finally:
            subprocess.run(["chattr", "-i", *map(str, files)], capture_output=True)
        return
    modes = {p: p.stat().st_mode for p in files}
    for p in files:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield "chmod a-w"
    finally:
        for p, m in modes.items():
            p.chmod(m)
