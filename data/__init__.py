"""Sample data and gazetteer tables of kg, shipped as package data (``kg.data``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["sample_path", "demo_paths"]


def sample_path() -> Path:
    """The bundled sample: the seed press release's relations, curated by hand."""
    return Path(str(resources.files("kg.data") / "seed-relations.jsonl"))


def demo_paths(*, full: bool = False) -> list[Path]:
    """What ``kg demo`` loads: the sample, and with ``full`` the twin-town pairs of Wikipedia."""
    paths = [sample_path()]
    if full:
        paths.append(Path(str(resources.files("kg.data") / "twin-towns-korea-wikipedia.csv")))
    return paths
