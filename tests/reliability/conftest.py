"""Fixtures of the reliability suite, and the table of cases (``KG_RELIABILITY_TABLE``).

Every case runs the real console script in a subprocess (so exit codes, the last guard
in ``kg.cli.main`` and the absence of tracebacks are what a user sees), and proves the
store holds exactly what it held before by comparing sorted N-Quads lines.

``KG_RELIABILITY_TABLE=FILE pytest tests/reliability`` also writes the table of the cases
actually run (input, exit code, message, store unchanged) as Markdown.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from kgrun import SEED, TABLE, run_kg, snapshot


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = os.environ.get("KG_RELIABILITY_TABLE")
    if not out or not TABLE:
        return
    lines = [
        "| case | input | exit | message (first line) | store unchanged |",
        "|---|---|---|---|---|",
    ]
    for case, what, code, message, proof in TABLE:
        cell = message.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {case} | {what} | {code} | {cell} | {proof} |")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A store with the seed sample, made once: (path, its snapshot). Copy it, never write it."""
    path = tmp_path_factory.mktemp("template") / "store"
    result = run_kg("ingest", SEED, store=path)
    assert result.code == 0, result.err
    return path, snapshot(path)


@pytest.fixture
def seeded(seeded_template: tuple[Path, list[str]], tmp_path: Path) -> tuple[Path, list[str]]:
    """A fresh copy of the seeded store for one test: (path, snapshot before)."""
    template, before = seeded_template
    path = tmp_path / "store"
    shutil.copytree(template, path)
    return path, before
