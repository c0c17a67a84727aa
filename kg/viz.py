"""The HTML view: a networkx city graph drawn with vis-network as one self-contained file.

The view uses the vis-network build that ships inside the pyvis package, but not pyvis's
page template nor its ``add_node``/``add_edge`` path: the template links Bootstrap and,
in some modes, vis-network itself from a CDN (pyvis issues #228, #229), ``write_html``
writes in the locale encoding, and adding items one by one is quadratic. Here the node
and edge data are built directly, embedded as escaped JSON, and the page (legend,
filters, tooltips) is ours; the file is written as UTF-8 and holds no ``http(s)://``
text at all, so nothing can be fetched from the network when it is opened.

Tooltips are DOM nodes filled with ``textContent``: an evidence sentence such as
``<b>x</b><script>`` shows as those characters, never as markup.

>>> import networkx as nx
>>> g = nx.MultiGraph()
>>> g.add_node("a", name_ko="고양시", name_en="Goyang", country="KR")
>>> g.add_node("b", name_ko="이우시", name_en="Yiwu", country="CN")
>>> g.add_edge("a", "b", type="meeting", status="active", evidence="<b>x</b>")
0
>>> html = render_html(view_data(g))
>>> "고양시" in html and "<b>x</b>" not in html and "http://" not in html
True
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections import Counter
from collections.abc import Hashable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from .analysis import relation_counts
from .errors import KGError
from .model import parse_partial_date

log = logging.getLogger(__name__)

__all__ = [
    "write_html",
    "render_html",
    "view_data",
    "filter_graph",
    "vis_network_js",
    "TYPE_COLOURS",
    "TYPE_LABELS",
    "STATUS_LABELS",
    "FORCE_LIMIT",
    "MAX_RELATIONS",
    "core",
    "LAYOUTS",
]

TYPE_COLOURS = {
    "sister_city": "#d62728",
    "friendship": "#2ca02c",
    "cooperation": "#1f77b4",
    "meeting": "#ff7f0e",
    "visit": "#9467bd",
    "exchange": "#8c564b",
    "aid": "#e377c2",
}
TYPE_LABELS = {
    "sister_city": ("자매도시", "sister city"),
    "friendship": ("우호도시", "friendship"),
    "cooperation": ("협력", "cooperation"),
    "meeting": ("회담·면담", "meeting"),
    "visit": ("방문", "visit"),
    "exchange": ("교류", "exchange"),
    "aid": ("지원", "aid"),
}
STATUS_LABELS = {
    "active": ("진행", "active"),
    "planned": ("추진", "planned"),
    "suspended": ("보류", "suspended"),
    "ended": ("종료", "ended"),
}
#: Colour of suspended and ended relations, whatever their type.
INACTIVE_COLOUR = "#b0b0b0"
#: Colours of countries, most frequent country first; the rest share the last one.
COUNTRY_PALETTE = (
    "#4e79a7",
    "#e15759",
    "#59a14f",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#86bcb6",
    "#d37295",
    "#a0cbe8",
    "#8cd17d",
    "#b6992d",
    "#f1ce63",
    "#499894",
    "#fabfd2",
    "#79706e",
    "#d4a6c8",
    "#bab0ac",
)
LAYOUTS = ("force", "geo")
#: Above this many cities the browser's physics takes too long to settle (see
#: bench/bench_viz.py): positions are computed here and physics stays off.
FORCE_LIMIT = 300
#: Above this many cities networkx's spring layout needs scipy (its sparse solver), which
#: kg does not depend on: cities are then laid out in rings, one ring per community.
SPRING_LIMIT = 499
#: Above this many relations a page is drawn only for the best-connected cities (see
#: :func:`core`): beyond it each filter click and each frame takes seconds in Chromium.
MAX_RELATIONS = 5000
#: Above this many relations, city labels are drawn only when zoomed in.
LABEL_LIMIT = 2000

# --- filtering -------------------------------------------------------------------------


def filter_graph(
    graph: nx.MultiGraph,
    *,
    city: Hashable | None = None,
    types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
) -> nx.MultiGraph:
    """The relations that pass the filters, with the cities they join (a new graph).

    ``city`` keeps the relations of one city (a node, or a name that
    :func:`kg.analysis.find_city` resolves); ``types`` and ``statuses`` keep those
    codes; ``since``/``until`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive,
    compared at the coarser precision of the two) keep dated relations in the range
    and drop undated ones. With no filter the graph is copied whole, lone cities included.

    >>> g = nx.MultiGraph()
    >>> g.add_edge("a", "b", type="meeting", status="active", date="2024-10-23")
    0
    >>> g.add_edge("a", "c", type="friendship", status="active")
    0
    >>> sorted(filter_graph(g, since="2024-10").edges())
    [('a', 'b')]
    >>> sorted(filter_graph(g, types=["friendship"]).nodes())
    ['a', 'c']
    """
    types, statuses = set(types), set(statuses)
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                parse_partial_date(value)
            except ValueError as err:
                raise KGError(f"{name}: {err}") from err
    if city is not None:
        from .analysis import find_city

        city = find_city(graph, str(city)) if city not in graph else city
    if city is None and not (types or statuses or since or until):
        return graph.copy()
    out = nx.MultiGraph()
    edges = (
        graph.edges(city, keys=True, data=True)
        if city is not None
        else graph.edges(keys=True, data=True)
    )
    for a, b, key, data in edges:
        if types and data.get("type") not in types:
            continue
        if statuses and data.get("status") not in statuses:
            continue
        if since or until:
            date = data.get("date")
            if not date or not _in_range(date, since, until):
                continue
        for n in (a, b):
            if n not in out:
                out.add_node(n, **graph.nodes[n])
        out.add_edge(a, b, key=key, **data)
    if city is not None and city not in out:
        out.add_node(city, **graph.nodes[city])
    return out


def _in_range(date: str, since: str | None, until: str | None) -> bool:
    if since:
        k = min(len(date), len(since))
        if date[:k] < since[:k]:
            return False
    if until:
        k = min(len(date), len(until))
        if date[:k] > until[:k]:
            return False
    return True


def core(graph: nx.MultiGraph, max_relations: int) -> nx.MultiGraph:
    """The relations among the best-connected cities, at most ``max_relations`` of them.

    Cities are taken by their number of relations, most first, as long as the relations
    among the cities taken stay within the limit. The graph itself when it is small enough.

    >>> g = nx.MultiGraph([("hub", c) for c in "abcde"] + [("x", "y")])
    >>> sorted(core(g, 3).edges())
    [('hub', 'a'), ('hub', 'b'), ('hub', 'c')]
    """
    if max_relations <= 0 or graph.number_of_edges() <= max_relations:
        return graph
    from .analysis import relation_counts

    counts = relation_counts(graph)
    chosen: set[Hashable] = set()
    total = 0
    for node in sorted(graph.nodes, key=lambda n: (-counts.get(n, 0), str(n))):
        added = sum(1 for _, other in graph.edges(node) if other in chosen or other == node)
        if total + added > max_relations:
            if total:
                break
            continue
        chosen.add(node)
        total += added
    return graph.subgraph(chosen).copy()


# --- the data of the page --------------------------------------------------------------


def view_data(
    graph: nx.MultiGraph,
    *,
    labels: str = "ko",
    layout: str = "force",
    title: str = "Inter-city relations",
    seed: int = 7,
    physics: bool | None = None,
    max_relations: int = MAX_RELATIONS,
) -> dict[str, Any]:
    """Everything the page draws, as plain JSON-ready data.

    ``nodes`` and ``edges`` are lists of dicts in vis-network's shape plus kg's fields;
    ``layout`` is ``force`` (physics until stable, positions computed here above
    :data:`FORCE_LIMIT` cities) or ``geo`` (longitude and latitude, physics off).
    ``physics=True`` forces the browser's physics whatever the size (slow above a few
    hundred cities, see ``bench/bench_viz.py``); ``False`` never uses it. Above
    ``max_relations`` relations only the :func:`core` is drawn and the page says so
    (``0``: no limit).

    >>> g = nx.MultiGraph([("a", "b", {"type": "meeting", "status": "planned"})])
    >>> d = view_data(g)
    >>> d["edges"][0]["dashes"], d["edges"][0]["color"]["color"]
    (True, '#ff7f0e')
    """
    if labels not in ("ko", "en"):
        raise KGError(f"labels {labels!r}: use 'ko' or 'en'")
    if layout not in LAYOUTS:
        raise KGError(f"layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    full = (graph.number_of_nodes(), graph.number_of_edges())
    graph = core(graph, max_relations)
    index = {node: i for i, node in enumerate(graph.nodes)}
    partners = {node: len(set(graph.neighbors(node)) - {node}) for node in graph.nodes}
    relations = relation_counts(graph)
    countries = Counter(str(d.get("country") or "") for _, d in graph.nodes(data=True))
    ranked = sorted(countries, key=lambda c: (c == "", -countries[c], c))
    country_colour = {
        c: COUNTRY_PALETTE[min(i, len(COUNTRY_PALETTE) - 1)] for i, c in enumerate(ranked)
    }

    if physics and layout == "force":
        positions: dict[Hashable, tuple[float, float]] = {}
    else:
        positions = _positions(graph, layout, seed=seed, force=physics is False)
    physics = layout == "force" and not positions and graph.number_of_nodes() > 0

    nodes = []
    for node, data in graph.nodes(data=True):
        ko, en = data.get("name_ko"), data.get("name_en")
        cc = str(data.get("country") or "")
        item: dict[str, Any] = {
            "id": index[node],
            "iri": str(node),
            "ko": ko or en or str(node),
            "en": en or ko or str(node),
            "cc": cc,
            "label": (ko or en or str(node)) if labels == "ko" else (en or ko or str(node)),
            "value": partners[node],
            "partners": partners[node],
            "relations": relations[node],
            "color": country_colour[cc],
        }
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)

    pair_count = Counter(frozenset((a, b)) for a, b in graph.edges())
    pair_seen: Counter[frozenset[Hashable]] = Counter()
    edges = []
    for i, (a, b, data) in enumerate(graph.edges(data=True)):
        type_ = str(data.get("type") or "")
        status = str(data.get("status") or "active")
        sources = int(data.get("sources") or 1)
        colour = (
            TYPE_COLOURS.get(type_, "#777777")
            if status in ("active", "planned")
            else INACTIVE_COLOUR
        )
        links = [x for x in str(data.get("links") or data.get("source") or "").split("\n") if x]
        edge: dict[str, Any] = {
            "id": i,
            "from": index[a],
            "to": index[b],
            "type": type_,
            "status": status,
            "date": data.get("date"),
            "sources": sources,
            "links": list(links),
            "officials": data.get("officials") or "",
            "place": data.get("place"),
            "evidence": data.get("evidence") or "",
            "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            "dashes": True if status == "planned" else ([2, 5] if status == "ended" else False),
            "width": 1.5 + min(sources - 1, 6),
        }
        pair = frozenset((a, b))
        if pair_count[pair] > 1:
            k = pair_seen[pair]
            pair_seen[pair] += 1
            if k:
                # Several relations between two cities: fan them out so each stays visible.
                edge["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if k % 2 else "curvedCCW",
                    "roundness": 0.18 * ((k + 1) // 2),
                }
        edges.append(edge)

    present_types = Counter(e["type"] for e in edges)
    present_status = Counter(e["status"] for e in edges)
    return {
        "title": title,
        "labels": labels,
        "layout": layout,
        "physics": physics,
        "nodes": nodes,
        "edges": edges,
        "types": [
            {
                "code": t,
                "ko": TYPE_LABELS.get(t, (t, t))[0],
                "en": TYPE_LABELS.get(t, (t, t))[1],
                "colour": TYPE_COLOURS.get(t, "#777777"),
                "count": present_types[t],
            }
            for t in [*TYPE_COLOURS, *sorted(set(present_types) - set(TYPE_COLOURS))]
            if present_types[t]
        ],
        "statuses": [
            {
                "code": s,
                "ko": STATUS_LABELS.get(s, (s, s))[0],
                "en": STATUS_LABELS.get(s, (s, s))[1],
                "count": present_status[s],
            }
            for s in [*STATUS_LABELS, *sorted(set(present_status) - set(STATUS_LABELS))]
            if present_status[s]
        ],
        "countries": [
            {"code": c, "colour": country_colour[c], "count": countries[c]} for c in ranked
        ],
        "labelThreshold": len(edges) > LABEL_LIMIT,
        "total": {"cities": full[0], "relations": full[1]},
    }


def _positions(
    graph: nx.MultiGraph, layout: str, *, seed: int, force: bool = False
) -> dict[Hashable, tuple[float, float]]:
    """Node positions in page pixels, or {} to let the browser's physics place them."""
    n = graph.number_of_nodes()
    if layout == "geo":
        return _geo_positions(graph)
    if n <= FORCE_LIMIT and not force:
        return {}
    # Too many cities for the browser's physics: use coordinates when most cities have
    # them, else networkx's spring layout, else rings by community.
    with_coords = sum(1 for _, d in graph.nodes(data=True) if d.get("lat") is not None)
    if with_coords >= 0.8 * n:
        return _geo_positions(graph)
    simple = nx.Graph(graph)
    scale = 60.0 * math.sqrt(n)
    if n <= SPRING_LIMIT:
        try:
            # method="force" is networkx's dense numpy Fruchterman-Reingold; its default
            # above 500 nodes needs scipy, which kg does not depend on.
            pos = nx.spring_layout(simple, seed=seed, iterations=40, scale=scale, method="force")
        except (TypeError, ImportError):  # networkx < 3.5 has no method=
            return _community_rings(simple, scale=scale, seed=seed)
        return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in pos.items()}
    return _community_rings(simple, scale=scale, seed=seed)


def _geo_positions(graph: nx.MultiGraph) -> dict[Hashable, tuple[float, float]]:
    """Equirectangular projection of latitude and longitude, about 2,000 px wide.

    Cities without coordinates sit at the mean position of their partners that have
    them, or on a row under the map.
    """
    known = {
        node: (float(d["lat"]), float(d["lon"]))
        for node, d in graph.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
    if not known:
        return {node: (i * 120.0, 0.0) for i, node in enumerate(graph.nodes)}
    lats = [p[0] for p in known.values()]
    lons = [p[1] for p in known.values()]
    mid_lat = (max(lats) + min(lats)) / 2
    squeeze = max(math.cos(math.radians(mid_lat)), 0.2)
    span = max((max(lons) - min(lons)) * squeeze, max(lats) - min(lats), 1e-3)
    scale = 2000.0 / span
    out: dict[Hashable, tuple[float, float]] = {
        node: (round(lon * squeeze * scale, 1), round(-lat * scale, 1))
        for node, (lat, lon) in known.items()
    }
    bottom = max(y for _, y in out.values()) + 150.0
    left = min(x for x, _ in out.values())
    row = 0
    for node in graph.nodes:
        if node in out:
            continue
        near = [out[m] for m in graph.neighbors(node) if m in out]
        if near:
            x = sum(p[0] for p in near) / len(near) + 40.0
            y = sum(p[1] for p in near) / len(near) + 40.0
            out[node] = (round(x, 1), round(y, 1))
        else:
            out[node] = (left + 120.0 * row, bottom)
            row += 1
    return out


def _community_rings(
    graph: nx.Graph, *, scale: float, seed: int
) -> dict[Hashable, tuple[float, float]]:
    from .analysis import communities

    groups = communities(graph, seed=seed)
    out: dict[Hashable, tuple[float, float]] = {}
    cols = max(1, math.ceil(math.sqrt(len(groups))))
    cell = scale * 2 / cols
    for g, members in enumerate(groups):
        cx, cy = (g % cols) * cell, (g // cols) * cell
        ordered = sorted(members, key=lambda m: -graph.degree(m))
        for i, node in enumerate(ordered):
            # Sunflower spiral: the best-connected cities in the middle.
            r = cell * 0.45 * math.sqrt((i + 0.5) / len(ordered))
            a = i * 2.399963
            out[node] = (round(cx + r * math.cos(a), 1), round(cy + r * math.sin(a), 1))
    return out


# --- the page --------------------------------------------------------------------------


@cache
def vis_network_js() -> str:
    """vis-network's JavaScript as shipped inside pyvis, ready to inline in a page.

    Every ``://`` is written ``:\\/\\/``: inside JavaScript strings, regular expressions
    and comments (the only places it occurs) that is the same text, and the page then
    holds no ``http(s)://`` for anything to fetch.
    """
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    try:
        js = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(
            f"{path}: vis-network is missing from the pyvis package ({err}); reinstall pyvis"
        ) from err
    if "</script" in js.lower():
        raise KGError(f"{path}: cannot be inlined (it contains '</script')")
    return js.replace("://", ":\\/\\/")


def _json_for_html(data: Any) -> str:
    # JSON inside <script type="application/json">: escape what could end the element
    # or open markup, and slashes, so no text of the data reads as a URL or a tag.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("/", "\\/")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(data: dict[str, Any]) -> str:
    """The whole page for :func:`view_data`'s data: one string, no external reference."""
    import html as _html

    page = (
        _PAGE.replace("%%TITLE%%", _html.escape(str(data.get("title") or "kg")))
        .replace("%%STYLE%%", _STYLE)
        .replace("%%DATA%%", _json_for_html(data))
        .replace("%%APP%%", _APP.replace("://", ":\\/\\/"))
    )
    # vis-network last: its text must not pass through the replacements above.
    return page.replace("%%VIS%%", vis_network_js())


def write_html(
    graph: nx.MultiGraph,
    path: str | os.PathLike[str],
    *,
    labels: str = "ko",
    layout: str = "force",
    title: str | None = None,
    city: Hashable | None = None,
    types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    physics: bool | None = None,
    max_relations: int = MAX_RELATIONS,
) -> Path:
    """Draw the city network to ``path`` as one self-contained UTF-8 HTML file.

    The filters are those of :func:`filter_graph`; ``labels`` (``ko``/``en``) is the
    language the page opens with (it can be switched in the page); ``layout`` is
    ``force`` or ``geo``; ``physics`` as in :func:`view_data`. The file is written whole
    or not at all. Returns the path.
    """
    if city is not None or types or statuses or since or until:
        graph = filter_graph(
            graph, city=city, types=types, statuses=statuses, since=since, until=until
        )
    data = view_data(
        graph,
        labels=labels,
        layout=layout,
        title=title or "Inter-city relations",
        physics=physics,
        max_relations=max_relations,
    )
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(render_html(data))
        os.replace(tmp, out)
    except OSError as err:
        raise KGError(f"{out}: cannot write the view: {err.strerror or err}") from err
    if len(data["edges"]) < data["total"]["relations"]:
        log.warning(
            "%s shows %d of %d relations (the best-connected cities); narrow the view with "
            "city, type or date filters, or raise max_relations",
            out,
            len(data["edges"]),
            data["total"]["relations"],
        )
    log.info("wrote %s: %d cities, %d relations", out, len(data["nodes"]), len(data["edges"]))
    return out


_PAGE = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';
           img-src data:">
<title>%%TITLE%%</title>
<style>%%STYLE%%</style>
</head>
<body>
<aside id="kg-panel">
  <h1 id="kg-title">%%TITLE%%</h1>
  <p id="kg-count"></p>
  <p id="kg-partial" class="kg-warn" hidden></p>
  <section>
    <h2>Labels</h2>
    <label><input type="radio" name="kg-lang" value="ko"> 한국어</label>
    <label><input type="radio" name="kg-lang" value="en"> English</label>
  </section>
  <section><h2>Relation type</h2><div id="kg-types"></div></section>
  <section><h2>Status</h2><div id="kg-statuses"></div></section>
  <section>
    <h2>Date</h2>
    <label>from <input id="kg-since" type="text" size="10" placeholder="YYYY-MM-DD"></label>
    <label>to <input id="kg-until" type="text" size="10" placeholder="YYYY-MM-DD"></label>
    <label><input id="kg-undated" type="checkbox" checked> undated</label>
  </section>
  <section><h2>Country</h2><div id="kg-countries"></div></section>
  <p><button id="kg-reset" type="button">Show all</button>
     <button id="kg-fit" type="button">Fit</button></p>
  <p class="kg-note">Node size: partner cities. Edge: one relation, width by sources.
  Hover for details, click to pin.</p>
</aside>
<main id="kg-network"></main>
<div id="kg-tip" role="tooltip" hidden></div>
<script id="kg-data" type="application/json">%%DATA%%</script>
<script>%%VIS%%</script>
<script>%%APP%%</script>
</body>
</html>
"""

_STYLE = """
html, body { margin: 0; height: 100%; font-family: "Noto Sans KR", "Nanum Gothic", "NanumGothic",
  "Malgun Gothic", "Apple SD Gothic Neo", system-ui, sans-serif; font-size: 14px; color: #222; }
body { display: flex; }
#kg-panel { width: 250px; flex: none; overflow-y: auto; padding: 8px 12px;
  border-right: 1px solid #ddd; background: #fafafa; box-sizing: border-box; height: 100%; }
#kg-panel h1 { font-size: 16px; margin: 4px 0; }
#kg-panel h2 { font-size: 13px; margin: 12px 0 4px; color: #555; text-transform: uppercase; }
#kg-panel label { display: block; margin: 2px 0; cursor: pointer; }
#kg-countries { max-height: 220px; overflow-y: auto; }
#kg-network { flex: 1; height: 100%; min-width: 0; }
.kg-swatch { display: inline-block; width: 22px; height: 0; vertical-align: middle; margin: 0 4px;
  border-top: 3px solid #777; }
.kg-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px; }
.kg-n { color: #888; font-size: 12px; }
.kg-note { color: #777; font-size: 12px; }
.kg-warn { color: #8a4b00; background: #fff4e0; padding: 4px 6px; font-size: 12px; }
#kg-tip { position: fixed; z-index: 10; max-width: 420px; background: #fff; border: 1px solid #999;
  border-radius: 4px; padding: 8px 10px; box-shadow: 0 2px 8px rgba(0,0,0,.2); font-size: 13px;
  white-space: normal; overflow-wrap: anywhere; }
#kg-tip.kg-pinned { border-color: #333; }
#kg-tip .kg-head { font-weight: bold; margin-bottom: 4px; }
#kg-tip .kg-evidence { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; color: #333; }
#kg-tip .kg-row { margin: 2px 0; }
#kg-tip .kg-key { color: #777; }
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var lang = data.labels;
  var typeOn = {}, statusOn = {}, countryOn = {};
  data.types.forEach(function (t) { typeOn[t.code] = true; });
  data.statuses.forEach(function (s) { statusOn[s.code] = true; });
  data.countries.forEach(function (c) { countryOn[c.code] = true; });
  var since = "", until = "", undated = true;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function checkbox(container, name, code, swatch, text, count, state) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.name = name; box.value = code;
    box.addEventListener("change", function () { state[code] = box.checked; refresh(); });
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(text + " "));
    label.appendChild(el("span", "kg-n", "(" + count + ")"));
    container.appendChild(label);
  }
  var typesBox = document.getElementById("kg-types");
  data.types.forEach(function (t) {
    var sw = el("span", "kg-swatch"); sw.style.borderTopColor = t.colour;
    checkbox(typesBox, "kg-type", t.code, sw, t.en + " " + t.ko, t.count, typeOn);
  });
  var statusBox = document.getElementById("kg-statuses");
  data.statuses.forEach(function (s) {
    var sw = el("span", "kg-swatch");
    if (s.code === "planned") { sw.style.borderTopStyle = "dashed"; }
    if (s.code === "suspended" || s.code === "ended") { sw.style.borderTopColor = "#b0b0b0"; }
    if (s.code === "ended") { sw.style.borderTopStyle = "dotted"; }
    checkbox(statusBox, "kg-status", s.code, sw, s.en + " " + s.ko, s.count, statusOn);
  });
  var countryBox = document.getElementById("kg-countries");
  data.countries.forEach(function (c) {
    var sw = el("span", "kg-dot"); sw.style.background = c.colour;
    checkbox(countryBox, "kg-country", c.code, sw, c.code || "unknown", c.count, countryOn);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });

  function inRange(d) {
    if (!d) { return undated; }
    var k;
    // compared at the coarser precision of the two: 2024 is within 2024-10
    if (since) {
      k = Math.min(d.length, since.length);
      if (d.slice(0, k) < since.slice(0, k)) { return false; }
    }
    if (until) {
      k = Math.min(d.length, until.length);
      if (d.slice(0, k) > until.slice(0, k)) { return false; }
    }
    return true;
  }
  function nodeVisible(n) { return countryOn[n.cc] !== false; }
  function edgeVisible(e) {
    return typeOn[e.type] !== false && statusOn[e.status] !== false && inRange(e.date) &&
      nodeVisible(nodeById[e.from]) && nodeVisible(nodeById[e.to]);
  }
  // Filters set `hidden` on the items that change, in one update each: removing and
  // re-adding items (a DataView) costs seconds at 20,000 relations, this a fraction.
  var nodeShown = {}, edgeShown = {};
  data.nodes.forEach(function (n) { nodeShown[n.id] = true; });
  data.edges.forEach(function (e) { edgeShown[e.id] = true; });
  var visibleNodes = data.nodes.length, visibleEdges = data.edges.length;
  function isShownEdge(i) { return edgeShown[i]; }
  function isShownNode(i) { return nodeShown[i]; }

  var big = !data.physics;
  var options = {
    autoResize: true,
    nodes: {
      shape: "dot",
      scaling: { min: 8, max: 40, label: { enabled: true, min: 12, max: 22,
        drawThreshold: data.labelThreshold ? 14 : 5 } },
      font: { size: 14, face: "Noto Sans KR, Nanum Gothic, NanumGothic, sans-serif" },
      borderWidth: 1
    },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1.5 },
    interaction: { hover: true, tooltipDelay: 80, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    layout: { improvedLayout: data.nodes.length <= 150, randomSeed: 7 },
    physics: data.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -6000, springLength: 160, springConstant: 0.03,
                   avoidOverlap: 0.2 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 100, fit: true },
      minVelocity: 1.0
    } : { enabled: false }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var kg = window.kgView = {
    network: network, nodes: nodes, edges: edges, stable: false, stableMs: null, refresh: refresh,
    shownEdges: function () { return edges.getIds().filter(isShownEdge); },
    shownNodes: function () { return nodes.getIds().filter(isShownNode); }
  };
  function markStable() {
    if (kg.stable) { return; }
    kg.stable = true;
    kg.stableMs = performance.now();
    document.documentElement.setAttribute("data-kg-stable", "1");
  }
  if (data.physics) {
    // Physics stops once the layout is stable, so the page no longer uses the CPU.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markStable();
    });
  } else {
    network.once("afterDrawing", function () { markStable(); });
    network.fit();
  }

  // --- labels -------------------------------------------------------------------
  function setLang(l) {
    lang = l;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, label: l === "ko" ? n.ko : n.en };
    }));
    document.querySelectorAll("input[name=kg-lang]").forEach(function (r) {
      r.checked = r.value === l;
    });
  }
  document.querySelectorAll("input[name=kg-lang]").forEach(function (r) {
    r.checked = r.value === lang;
    r.addEventListener("change", function () { if (r.checked) { setLang(r.value); } });
  });

  // --- filters ------------------------------------------------------------------
  var countEl = document.getElementById("kg-count");
  if (!data.edges.length) {
    var none = document.getElementById("kg-partial");
    none.textContent = "No relation to draw: the store holds none that pass the filters.";
    none.hidden = false;
  } else if (data.total.relations > data.edges.length) {
    var partial = document.getElementById("kg-partial");
    partial.textContent = "Only the " + data.nodes.length + " best-connected of " +
      data.total.cities + " cities and " + data.edges.length + " of " + data.total.relations +
      " relations are drawn; " +
      "narrow the view with kg viz --city, --type, --since or --until.";
    partial.hidden = false;
  }
  function refresh() {
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var v = nodeVisible(n);
      if (v !== nodeShown[n.id]) {
        nodeShown[n.id] = v;
        visibleNodes += v ? 1 : -1;
        nodeChanges.push({ id: n.id, hidden: !v });
      }
    });
    data.edges.forEach(function (e) {
      var v = edgeVisible(e);
      if (v !== edgeShown[e.id]) {
        edgeShown[e.id] = v;
        visibleEdges += v ? 1 : -1;
        edgeChanges.push({ id: e.id, hidden: !v });
      }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    countEl.textContent = visibleEdges + " of " + data.edges.length + " relations, " +
      visibleNodes + " of " + data.nodes.length + " cities";
  }
  var DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  function dateInput(id, set) {
    var input = document.getElementById(id);
    input.addEventListener("input", function () {
      var v = input.value.trim();
      if (v === "" || DATE.test(v)) { input.style.borderColor = ""; set(v); refresh(); }
      else { input.style.borderColor = "#d62728"; }
    });
  }
  dateInput("kg-since", function (v) { since = v; });
  dateInput("kg-until", function (v) { until = v; });
  document.getElementById("kg-undated").addEventListener("change", function (e) {
    undated = e.target.checked; refresh();
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-panel input[type=checkbox]").forEach(function (b) {
      b.checked = true;
    });
    Object.keys(typeOn).forEach(function (k) { typeOn[k] = true; });
    Object.keys(statusOn).forEach(function (k) { statusOn[k] = true; });
    Object.keys(countryOn).forEach(function (k) { countryOn[k] = true; });
    since = until = ""; undated = true;
    document.getElementById("kg-since").value = "";
    document.getElementById("kg-until").value = "";
    refresh();
  });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit(); });
  refresh();

  // --- tooltips: built from text nodes only, so no data becomes markup ------------
  var tip = document.getElementById("kg-tip");
  var pinned = false;
  function name(id) { var n = nodeById[id]; return n ? (lang === "ko" ? n.ko : n.en) : "?"; }
  function row(key, value) {
    var r = el("div", "kg-row");
    r.appendChild(el("span", "kg-key", key + ": "));
    r.appendChild(document.createTextNode(value));
    return r;
  }
  function safeHref(link) {
    // Web pages and relative paths only: no javascript:, data: or other schemes.
    if (/^https?:\/\//i.test(link)) { return link; }
    if (!/^[a-z][a-z0-9+.-]*:/i.test(link)) { return link; }
    return null;
  }
  function edgeTip(e) {
    var box = document.createDocumentFragment();
    box.appendChild(el("div", "kg-head", name(e.from) + " \u2014 " + name(e.to)));
    var t = data.types.filter(function (x) { return x.code === e.type; })[0];
    var s = data.statuses.filter(function (x) { return x.code === e.status; })[0];
    box.appendChild(row("type", t ? t.en + " (" + t.ko + ")" : e.type));
    box.appendChild(row("status", s ? s.en + " (" + s.ko + ")" : e.status));
    box.appendChild(row("date", e.date || "unknown"));
    if (e.place) { box.appendChild(row("place", e.place)); }
    if (e.officials) { box.appendChild(row("officials", e.officials)); }
    if (e.evidence) { box.appendChild(el("div", "kg-evidence", e.evidence)); }
    var src = el("div", "kg-row");
    var n = e.sources + (e.sources === 1 ? " source: " : " sources: ");
    src.appendChild(el("span", "kg-key", n));
    (e.links || []).forEach(function (link, i) {
      if (i) { src.appendChild(document.createTextNode(", ")); }
      var href = safeHref(link);
      var a = el(href ? "a" : "span", null, link);
      if (href) {
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer");
      }
      src.appendChild(a);
    });
    box.appendChild(src);
    return box;
  }
  function nodeTip(n) {
    var box = document.createDocumentFragment();
    box.appendChild(el("div", "kg-head", n.ko === n.en ? n.ko : n.ko + " / " + n.en));
    box.appendChild(row("country", n.cc || "unknown"));
    box.appendChild(row("partner cities", n.partners));
    box.appendChild(row("relations", n.relations));
    return box;
  }
  function show(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = Math.max(4, window.innerWidth - w - 4); }
    if (y + h > window.innerHeight - 4) { y = Math.max(4, rect.top + pointer.y - h - 14); }
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hide() { if (!pinned) { tip.hidden = true; } }
  network.on("hoverEdge", function (p) {
    if (!pinned) { show(edgeTip(edges.get(p.edge)), p.pointer.DOM); }
  });
  network.on("hoverNode", function (p) {
    if (!pinned) { show(nodeTip(nodeById[p.node]), p.pointer.DOM); }
  });
  network.on("blurEdge", hide);
  network.on("blurNode", hide);
  network.on("click", function (p) {
    pinned = false;
    tip.classList.remove("kg-pinned");
    if (p.nodes.length) { show(nodeTip(nodeById[p.nodes[0]]), p.pointer.DOM); }
    else if (p.edges.length) { show(edgeTip(edges.get(p.edges[0])), p.pointer.DOM); }
    else { hide(); return; }
    pinned = true;
    tip.classList.add("kg-pinned");
  });
  kg.edgeTip = edgeTip;
}());
"""
