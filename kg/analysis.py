"""Network analysis: one networkx projection of the store, and metrics as functions of it."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["to_networkx"]


def to_networkx(kg: KnowledgeGraph) -> nx.MultiGraph:
    """The city network: a node per city, an edge per relation and pair of its parties.

    Nodes carry ``name_ko``, ``name_en``, ``country``, ``lat``, ``lon``; edges carry
    ``key`` (the relation IRI), ``type``, ``status``, ``date``, ``evidence``,
    ``sources`` (how many articles state it), ``source`` and ``officials``.
    """
    g = nx.MultiGraph()
    for row in kg.named("network_nodes").values():
        g.add_node(
            row["city"],
            name_ko=row["name_ko"],
            name_en=row["name_en"],
            country=row["country"],
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
        )
    parties: dict[str, list[str]] = defaultdict(list)
    attrs: dict[str, dict[str, Any]] = {}
    for row in kg.named("network_edges").values():
        rel = row["rel"] or ""
        parties[rel].append(row["party"] or "")
        attrs[rel] = {
            "type": row["type"],
            "status": row["status"],
            "date": row["date"],
            "evidence": row["evidence"],
            "sources": int(row["sources"] or 0),
            "source": row["source"],
            "officials": row["officials"] or "",
        }
    for rel, cities in parties.items():
        cities = sorted(set(cities))
        for i, a in enumerate(cities):
            for b in cities[i + 1 :]:
                g.add_edge(a, b, key=rel, **{k: v for k, v in attrs[rel].items() if v is not None})
    return g
