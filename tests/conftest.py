"""Shared fixtures: the seed sample in a fresh in-memory graph, a CLI runner on a temp store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.graph import KnowledgeGraph, sample_path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "data" / "seed" / "goyang-yiwu-2024-10-24.txt"


@pytest.fixture
def seed_kg() -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph()
    kg.ingest([sample_path()], strict=True)
    yield kg
    kg.close()


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh on-disk store location, also set as KG_STORE for the CLI."""
    path = tmp_path / "store"
    monkeypatch.setenv("KG_STORE", str(path))
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
