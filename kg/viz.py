"""The HTML view: a networkx city graph drawn with pyvis as one self-contained file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["write_html", "TYPE_COLOURS"]

TYPE_COLOURS = {
    "sister_city": "#d62728",
    "friendship": "#2ca02c",
    "cooperation": "#1f77b4",
    "meeting": "#ff7f0e",
    "visit": "#9467bd",
    "exchange": "#8c564b",
    "aid": "#e377c2",
}


def write_html(graph: nx.MultiGraph, path: str | os.PathLike[str], *, labels: str = "ko", **_: Any) -> Path:
    """Draw the city network to ``path`` as UTF-8 HTML; returns the path."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", cdn_resources="in_line", notebook=False)
    for node, data in graph.nodes(data=True):
        label = (data.get("name_ko") if labels == "ko" else data.get("name_en")) or data.get("name_en") or node
        net.add_node(node, label=label, title=f"{data.get('name_en') or ''} {data.get('country') or ''}")
    for a, b, data in graph.edges(data=True):
        net.add_edge(
            a,
            b,
            color=TYPE_COLOURS.get(data.get("type", ""), "#999999"),
            title=f"{data.get('type')} ({data.get('status')}) {data.get('date') or ''}",
            dashes=data.get("status") == "planned",
        )
    html = net.generate_html()
    out = Path(path)
    out.write_text(html, encoding="utf-8")
    return out
