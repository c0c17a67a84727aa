"""The HTML view: a networkx city graph as one self-contained page (vis-network, offline).

The page is three package files, ``kg/view/page.html``, ``view.css`` and ``view.js``,
with the data of one graph put in as JSON (:func:`view_data`), the vis-network build that
ships inside the pyvis package inlined, and the country outlines of npm's ``world-atlas``
(vendored in ``kg/view/vendor/``) projected here. The page holds no ``http(s)://`` text
at all and its Content-Security-Policy forbids every fetch, so nothing leaves it.

Positions are computed here for both layouts: the network (each connected component laid
out with its one-partner cities as petals around their hub, the components packed around
the largest) and the map (a log-azimuthal projection centred on the busiest country, so
Korean cities stay apart while the whole world fits). One edge is drawn per pair of
cities, coloured by its strongest tie and as wide as its number of relations; the page
expands it into its relations on click.

Text of the data reaches the page through ``textContent`` only: an evidence sentence such
as ``<b>x</b><script>`` shows as those characters, never as markup.

>>> g = nx.MultiGraph()
>>> g.add_node("a", name_ko="고양시", name_en="Goyang", country="KR")
>>> g.add_node("b", name_ko="이우시", name_en="Yiwu", country="CN")
>>> g.add_edge("a", "b", type="meeting", status="active", evidence="<b>x</b>")
0
>>> page = render(g)
>>> "고양시" in page and "<b>x</b>" not in page and "http://" not in page
True
"""

from __future__ import annotations

import html
import json
import logging
import math
import os
import random
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, TypedDict, Unpack

import networkx as nx

from .analysis import NamedQueries, Rows, network_from_rows, relation_counts
from .errors import KGError
from .model import parse_partial_date

log = logging.getLogger(__name__)

__all__ = [
    "draw",
    "draw_store",
    "view_graph",
    "render",
    "write_html",
    "view_data",
    "filter_graph",
    "core",
    "country_colour",
    "vis_network_js",
    "TYPE_COLOURS",
    "INACTIVE_COLOUR",
    "MAX_RELATIONS",
    "ViewOptions",
    "LAYOUTS",
]

#: Relation types, strongest tie first, in the Okabe-Ito colour-blind-safe palette
#: (saturated strokes; countries are the light fills of :data:`COUNTRY_COLOURS`).
TYPE_COLOURS = {
    "sister_city": "#D55E00",
    "friendship": "#009E73",
    "cooperation": "#0072B2",
    "exchange": "#56B4E9",
    "aid": "#000000",
    "visit": "#CC79A7",
    "meeting": "#E69F00",
}
#: Colour of suspended and ended relations, whatever their type.
INACTIVE_COLOUR = "#9a9a9a"
#: Fixed fills for the countries kg meets most, so a country keeps its colour in every
#: view; any other country gets one of :data:`COUNTRY_PALETTE` by a hash of its code.
COUNTRY_COLOURS = {
    "KR": "#9ecae1",
    "CN": "#fcbba1",
    "JP": "#c7e9c0",
    "US": "#dadaeb",
    "VN": "#fdd0a2",
    "RU": "#d9d9d9",
    "DE": "#f2d8a7",
    "FR": "#c6dbef",
    "MN": "#e5d8bd",
    "PH": "#fde0ef",
    "KP": "#bcbddc",
}
COUNTRY_PALETTE = (
    "#a1d99b",
    "#fdae6b",
    "#bcbddc",
    "#9ecae1",
    "#fcbba1",
    "#d9f0a3",
    "#fee391",
    "#e7d4e8",
    "#c2e699",
    "#f4cae4",
    "#b3e2cd",
    "#fdcdac",
)
UNKNOWN_COUNTRY_COLOUR = "#eeeeee"
LAYOUTS = ("force", "geo")
#: Above this many relations a page is drawn only for the best-connected cities (see
#: :func:`core` and ``bench/bench_viz.py``).
MAX_RELATIONS = 20000
#: Components with more hubs than this get only their best-connected hubs laid out by
#: networkx's spring layout (from 500 nodes on it needs scipy, which kg does not depend
#: on); the other hubs start by their placed partners and are pushed apart.
SPRING_MAX = 499
#: Hubs (the ones with most one-partner cities around them) kept from overlapping.
SPREAD_MAX = 700
#: Strength of a tie, for the colour of a pair's edge: type first, then status.
_TYPE_RANK = {t: len(TYPE_COLOURS) - i for i, t in enumerate(TYPE_COLOURS)}
_STATUS_RANK = {"active": 3, "planned": 2, "suspended": 1, "ended": 0}
#: Radius of the world on the map, in page pixels, and the distance (km) below which the
#: map is close to true scale: a log of the distance from the centre beyond it.
_MAP_RADIUS = 3000.0
_MAP_KM = 50.0
_VIEW_FILES = resources.files("kg") / "view"


def country_colour(code: str | None) -> str:
    """The fill of a country's cities, the same in every view.

    >>> country_colour("KR") == country_colour("KR") != country_colour("CN")
    True
    """
    if not code:
        return UNKNOWN_COUNTRY_COLOUR
    if code in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[code]
    return COUNTRY_PALETTE[zlib.crc32(code.encode()) % len(COUNTRY_PALETTE)]


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


def _relation_total(graph: nx.Graph) -> int:
    """How many relations a graph draws: a relation of three cities counts once."""
    if graph.is_multigraph():
        return len({k if isinstance(k, str) else (a, b, k) for a, b, k in graph.edges(keys=True)})
    return graph.number_of_edges()


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
    max_relations: int = MAX_RELATIONS,
) -> dict[str, Any]:
    """Everything the page draws, as plain JSON-ready data.

    ``nodes`` (cities, with their network position ``x``/``y`` and map position
    ``mx``/``my``), ``rels`` (one per relation and pair of its cities, with its evidence),
    ``pairs`` (the relations between each two cities, drawn as one edge), the legend's
    ``types``, ``statuses`` and ``countries``, and ``basemap`` (projected country
    outlines). ``layout`` is the one the page opens with: ``force`` (the network) or
    ``geo`` (the map); ``labels`` the language (``ko``/``en``). Above ``max_relations``
    relations only the :func:`core` is drawn and the page says so (``0``: no limit).

    >>> g = nx.MultiGraph()
    >>> g.add_edge("a", "b", type="meeting", status="planned", date="2024-10-23")
    0
    >>> g.add_edge("a", "b", type="sister_city", status="active")
    1
    >>> d = view_data(g)
    >>> d["pairs"][0]["rels"], d["pairs"][0]["type"], d["rels"][0]["year"]
    ([0, 1], 'sister_city', 2024)
    """
    if labels not in ("ko", "en"):
        raise KGError(f"labels {labels!r}: use 'ko' or 'en'")
    if layout not in LAYOUTS:
        raise KGError(f"layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    total = graph.graph.get("total")  # set by view_graph, which drew the core itself
    full = (
        (total["cities"], total["relations"])
        if total
        else (graph.number_of_nodes(), _relation_total(graph))
    )
    graph = core(graph, max_relations)
    index = {node: i for i, node in enumerate(graph.nodes)}
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((a, b) for a, b in graph.edges() if a != b)
    relations = relation_counts(graph)
    radius = drawn_radii(relations, graph.nodes)
    network = _network_positions(simple, relations, radius, seed=seed)
    projection = _Projection.centred_on(graph, relations)
    on_map = _map_positions(graph, projection)

    nodes = []
    for node, data in graph.nodes(data=True):
        ko, en = data.get("name_ko"), data.get("name_en")
        cc = str(data.get("country") or "")
        alt = [a for a in str(data.get("alt_names") or "").split("\n") if a]
        x, y = network[node]
        mx, my = on_map[node]
        nodes.append(
            {
                "id": index[node],
                "iri": str(node),
                "ko": ko or en or str(node),
                "en": en or ko or str(node),
                "alt": alt,
                "cc": cc,
                "partners": simple.degree(node),
                "relations": relations[node],
                "r": radius[node],
                "x": x,
                "y": y,
                "mx": mx,
                "my": my,
                "geo": data.get("lat") is not None and data.get("lon") is not None,
            }
        )

    pair_of: dict[frozenset[Hashable], int] = {}
    pairs: list[dict[str, Any]] = []
    rels = []
    # A relation of three cities is three edges (one per pair) but one relation: ``rel``
    # numbers the relations, so the page counts each once.
    rel_of: dict[Hashable, int] = {}
    edge_list = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((a, b, (a, b), d) for a, b, d in graph.edges(data=True))
    )
    for i, (a, b, key, data) in enumerate(edge_list):
        rel_no = rel_of.setdefault(key if isinstance(key, str) else (a, b, key), len(rel_of))
        type_ = str(data.get("type") or "")
        status = str(data.get("status") or "active")
        date = data.get("date") or None
        pair = frozenset((a, b))
        if pair not in pair_of:
            pair_of[pair] = len(pairs)
            pairs.append({"id": len(pairs), "a": index[a], "b": index[b], "rels": []})
        p = pair_of[pair]
        pairs[p]["rels"].append(i)
        links = [x for x in str(data.get("links") or data.get("source") or "").split("\n") if x]
        rels.append(
            {
                "id": i,
                "rel": rel_no,
                "pair": p,
                "a": index[a],
                "b": index[b],
                "type": type_,
                "status": status,
                "date": date,
                "year": int(date[:4]) if date and date[:4].isdigit() else None,
                "sources": int(data.get("sources") or 1),
                "links": links,
                "officials": data.get("officials") or "",
                "place": data.get("place"),
                "evidence": data.get("evidence") or "",
            }
        )
    for pair_ in pairs:
        strongest = max((rels[r] for r in pair_["rels"]), key=_strength)
        pair_["type"], pair_["status"] = strongest["type"], strongest["status"]

    type_labels, status_labels = _labels()
    each = {r["rel"]: r for r in rels}.values()  # a relation once, whatever its pairs
    present_types = Counter(r["type"] for r in each)
    present_status = Counter(r["status"] for r in each)
    countries = Counter(n["cc"] for n in nodes)
    return {
        "title": title,
        "labels": labels,
        "layout": "map" if layout == "geo" else "network",
        "nodes": nodes,
        "rels": rels,
        "pairs": pairs,
        "types": [
            {
                "code": t,
                "ko": type_labels.get(t, (t, t))[0],
                "en": type_labels.get(t, (t, t))[1],
                "colour": TYPE_COLOURS.get(t, "#777777"),
                "count": present_types[t],
            }
            for t in [*TYPE_COLOURS, *sorted(set(present_types) - set(TYPE_COLOURS))]
            if present_types[t]
        ],
        "statuses": [
            {
                "code": s,
                "ko": status_labels.get(s, (s, s))[0],
                "en": status_labels.get(s, (s, s))[1],
                "count": present_status[s],
            }
            for s in [*status_labels, *sorted(set(present_status) - set(status_labels))]
            if present_status[s]
        ],
        "countries": [
            {"code": c, "colour": country_colour(c), "count": n}
            for c, n in sorted(countries.items(), key=lambda kv: (kv[0] == "", -kv[1], kv[0]))
        ],
        "inactiveColour": INACTIVE_COLOUR,
        "projection": {
            "lat": projection.lat,
            "lon": projection.lon,
            "k": projection.k,
            "km": _MAP_KM,
        },
        "unplacedAt": [-_MAP_RADIUS - 40.0, _MAP_RADIUS + 190.0],
        "total": {"cities": full[0], "relations": full[1]},
    }


def _labels() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Korean and English labels of the types and statuses, from ``relations.ttl``."""
    from .taxonomy import taxonomy

    tax = taxonomy()
    return (
        {t.code: (t.label_ko, t.label_en) for t in tax.types},
        {s.code: (s.label_ko, s.label_en) for s in tax.statuses},
    )


def _strength(rel: dict[str, Any]) -> tuple[int, int, int]:
    status = rel["status"]
    return (
        int(status in ("active", "planned")),
        _TYPE_RANK.get(rel["type"], 0),
        _STATUS_RANK.get(status, 0),
    )


# --- the network layout ----------------------------------------------------------------


def drawn_radii(relations: Counter[Hashable], nodes: Iterable[Hashable]) -> dict[Hashable, float]:
    """Each city's radius on the network (canvas units; the page draws it so, and the layout
    keeps cities this far apart): 8 for a city of one relation up to 48 for the busiest,
    by the square root of its share of the busiest's relations, so that area follows the
    count."""
    counts = {v: max(relations[v], 1) for v in nodes}
    most = max(counts.values(), default=1)
    return {v: round(8.0 + 40.0 * math.sqrt(n / most), 1) for v, n in counts.items()}


def _network_positions(
    graph: nx.Graph,
    weight: Counter[Hashable],
    radius: Mapping[Hashable, float],
    *,
    seed: int,
) -> dict[Hashable, tuple[float, float]]:
    """Each component laid out on its own, then the components packed around the largest."""
    rnd = random.Random(seed)
    laid: list[tuple[float, dict[Hashable, tuple[float, float]]]] = []
    for members in sorted(
        nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c)))
    ):
        pos = _component_positions(graph.subgraph(members), weight, radius, seed=seed)
        cx = sum(p[0] for p in pos.values()) / len(pos)
        cy = sum(p[1] for p in pos.values()) / len(pos)
        pos = {k: (x - cx, y - cy) for k, (x, y) in pos.items()}
        extent = max(math.hypot(x, y) for x, y in pos.values()) + 60.0
        laid.append((extent, pos))
    out: dict[Hashable, tuple[float, float]] = {}
    for (cx, cy), (_, pos) in zip(_pack([r for r, _ in laid], rnd), laid, strict=True):
        for k, (x, y) in pos.items():
            out[k] = (round(cx + x, 1), round(cy + y, 1))
    return out


def _component_positions(
    graph: nx.Graph,
    weight: Counter[Hashable],
    radius: Mapping[Hashable, float],
    *,
    seed: int,
) -> dict[Hashable, tuple[float, float]]:
    """Hubs by a spring layout; cities with one partner as petals around it, the first
    ring clear of the hub's disc and of the largest petal's."""

    r = radius.__getitem__
    n = graph.number_of_nodes()
    if n == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(graph.nodes, key=lambda v: (-weight[v], str(v)))
        return {a: (0.0, 0.0), b: (max(160.0, r(a) + r(b) + _GAP), 0.0)}
    hubs = [v for v in graph.nodes if graph.degree(v) > 1]
    petals: dict[Hashable, list[Hashable]] = defaultdict(list)
    for v in graph.nodes:
        if graph.degree(v) == 1:
            petals[next(iter(graph.neighbors(v)))].append(v)
    # where a hub's petals start (clear of its disc and of its largest petal's), and the
    # room around it: its petals in a sunflower disc
    widest = {h: max((r(v) for v in petals[h]), default=0.0) for h in hubs}
    inner = {h: max(70.0, r(h) + _GAP + widest[h]) for h in hubs}
    room = {h: inner[h] + 20.0 + 55.0 * math.sqrt(len(petals[h])) + widest[h] for h in hubs}
    pos: dict[Hashable, tuple[float, float]] = {}
    if len(hubs) == 1:
        pos[hubs[0]] = (0.0, 0.0)
    else:
        ranked = sorted(hubs, key=lambda v: (-graph.degree(v), str(v)))
        spring = graph.subgraph(ranked[:SPRING_MAX])
        scale = math.sqrt(sum(math.pi * room[h] ** 2 for h in hubs)) * 0.9
        # method="force": networkx's dense numpy Fruchterman-Reingold.
        sp = nx.spring_layout(spring, seed=seed, iterations=60, scale=scale, method="force")
        pos.update({k: (float(x), float(y)) for k, (x, y) in sp.items()})
        rest = ranked[SPRING_MAX:]
        for _ in range(3):
            for v in rest:
                near = [pos[m] for m in graph.neighbors(v) if m in pos]
                if near:
                    pos[v] = (
                        sum(p[0] for p in near) / len(near) + _jitter(v, 97),
                        sum(p[1] for p in near) / len(near) + _jitter(v, 89),
                    )
        for v in rest:
            pos.setdefault(v, (0.0, 0.0))
        _spread(pos, room, iterations=12)
    for hub, leaves in petals.items():
        hx, hy = pos[hub]
        leaves.sort(key=lambda v: (-weight[v], str(v)))
        start = inner[hub]
        for i, leaf in enumerate(leaves):
            d = start + 55.0 * math.sqrt(i)
            a = i * 2.399963  # the golden angle: a sunflower, evenly filled
            pos[leaf] = (hx + d * math.cos(a), hy + d * math.sin(a))
    return pos


#: Canvas units between the discs of a hub and its petals.
_GAP = 22.0


def _jitter(node: Hashable, span: int) -> float:
    """A small offset fixed by the node's name (``hash`` changes between runs)."""
    return float(zlib.crc32(str(node).encode()) % span - span // 2)


def _spread(
    pos: dict[Hashable, tuple[float, float]], room: dict[Hashable, float], *, iterations: int
) -> None:
    """Push apart hubs whose discs (of radius ``room``) overlap, a few rounds of numpy."""
    import numpy as np

    # the hubs with most room only: past a few hundred the rest are small and the n x n
    # distances would cost seconds
    keys = sorted(room, key=lambda k: -room[k])[:SPREAD_MAX]
    xy = np.array([pos[k] for k in keys], dtype=np.float32)
    radius = np.array([room[k] for k in keys], dtype=np.float32)
    n = len(keys)
    rows = max(1, 2_000_000 // max(n, 1))  # rows of the n x n distances at a time
    for _ in range(iterations):
        moved = np.zeros_like(xy)
        for lo in range(0, n, rows):
            d = xy[lo : lo + rows, None, :] - xy[None, :, :]
            dist = np.hypot(d[..., 0], d[..., 1])
            over = radius[lo : lo + rows, None] + radius[None, :] - dist
            over[np.arange(len(d)), np.arange(lo, lo + len(d))] = 0.0
            np.clip(over, 0.0, None, out=over)
            moved[lo : lo + rows] = (d * (over / np.maximum(dist, 1e-3) / 2)[..., None]).sum(1)
        if not moved.any():
            break
        xy += moved * 0.5
    for k, (x, y) in zip(keys, xy.tolist(), strict=True):
        pos[k] = (x, y)


def _pack(radii: list[float], rnd: random.Random) -> list[tuple[float, float]]:
    """Centres for circles of these radii (largest first), packed around the first."""
    out: list[tuple[float, float]] = []
    placed: list[tuple[float, float, float]] = []
    if not radii:
        return out
    cell = max(2 * radii[-1], 200.0)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)

    def free(x: float, y: float, r: float) -> bool:
        span = int(r // cell) + 2
        gx, gy = int(x // cell), int(y // cell)
        seen: set[int] = set()
        for i in range(gx - span, gx + span + 1):
            for j in range(gy - span, gy + span + 1):
                for k in grid.get((i, j), ()):
                    if k in seen:
                        continue
                    seen.add(k)
                    px, py, pr = placed[k]
                    if math.hypot(px - x, py - y) < pr + r:
                        return False
        return True

    def put(x: float, y: float, r: float) -> None:
        k = len(placed)
        placed.append((x, y, r))
        span = int(r // cell) + 1
        gx, gy = int(x // cell), int(y // cell)
        for i in range(gx - span, gx + span + 1):
            for j in range(gy - span, gy + span + 1):
                grid[(i, j)].append(k)
        out.append((x, y))

    put(0.0, 0.0, radii[0])
    last = 0.0
    for r in radii[1:]:
        # walk out along a spiral to the first free spot, from about where the last (larger)
        # circle found one: nearer the centre every spot is taken by then
        angle, dist = rnd.uniform(0, 2 * math.pi), max(0.0, last - 4 * r)
        while True:
            x, y = dist * math.cos(angle), dist * math.sin(angle)
            if free(x, y, r):
                put(x, y, r)
                last = dist
                break
            step = max(r, 40.0)
            angle += step / max(dist, step)
            dist += step * 0.15
    return out


# --- the map ---------------------------------------------------------------------------


class _Projection:
    """Log-azimuthal: true directions from a centre, distances squeezed by a logarithm.

    Within a few hundred kilometres of the centre the map is near true scale (the
    Korean cities stay apart); beyond, the world shrinks towards the rim and still fits.
    """

    def __init__(self, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon
        self.k = _MAP_RADIUS / math.log1p(20015.0 / _MAP_KM)

    @classmethod
    def centred_on(cls, graph: nx.MultiGraph, weight: Counter[Hashable]) -> _Projection:
        """Centred on the cities of the country with most relations (Korea, in kg's news)."""
        per_country: Counter[str] = Counter()
        for node, data in graph.nodes(data=True):
            if data.get("lat") is not None and data.get("country"):
                per_country[str(data["country"])] += weight[node] or 1
        if not per_country:
            return cls(36.0, 127.8)
        top = per_country.most_common(1)[0][0]
        xs = ys = zs = 0.0
        for node, data in graph.nodes(data=True):
            if data.get("country") == top and data.get("lat") is not None:
                la, lo = math.radians(float(data["lat"])), math.radians(float(data["lon"]))
                w = weight[node] or 1
                xs += w * math.cos(la) * math.cos(lo)
                ys += w * math.cos(la) * math.sin(lo)
                zs += w * math.sin(la)
        return cls(
            math.degrees(math.atan2(zs, math.hypot(xs, ys))), math.degrees(math.atan2(ys, xs))
        )

    def __call__(self, lats: Any, lons: Any) -> tuple[Any, Any]:
        import numpy as np

        phi, lam = np.radians(np.asarray(lats, float)), np.radians(np.asarray(lons, float))
        phi0, lam0 = math.radians(self.lat), math.radians(self.lon)
        dl = lam - lam0
        cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(dl)
        c = np.arccos(np.clip(cos_c, -1.0, 1.0))
        theta = np.arctan2(
            np.cos(phi) * np.sin(dl),
            math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(dl),
        )
        r = self.k * np.log1p(c * 6371.0 / _MAP_KM)
        return r * np.sin(theta), -r * np.cos(theta)


def _map_positions(
    graph: nx.MultiGraph, projection: _Projection
) -> dict[Hashable, tuple[float, float]]:
    """Projected positions; cities without coordinates by their partners, or on a rim row."""
    known = [
        (node, float(d["lat"]), float(d["lon"]))
        for node, d in graph.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    ]
    out: dict[Hashable, tuple[float, float]] = {}
    if known:
        xs, ys = projection([k[1] for k in known], [k[2] for k in known])
        for (node, _, _), x, y in zip(known, xs, ys, strict=True):
            out[node] = (float(x), float(y))
        # two cities at one spot (a district and its city): a little apart
        taken: dict[tuple[int, int], int] = Counter()
        for node, (x, y) in list(out.items()):
            spot = (round(x / 6), round(y / 6))
            k = taken[spot]
            taken[spot] += 1
            if k:
                out[node] = (x + 14 * math.cos(k * 2.4), y + 14 * math.sin(k * 2.4))
    # Cities without coordinates: in rows under the map, by country, never at a made-up
    # place (the page labels the rows).
    unknown = sorted(
        (n for n in graph.nodes if n not in out),
        key=lambda n: (
            str(graph.nodes[n].get("country") or "~"),
            str(graph.nodes[n].get("name_en") or n),
        ),
    )
    for i, node in enumerate(unknown):
        out[node] = (-_MAP_RADIUS + 140.0 * (i % 44), _MAP_RADIUS + 260.0 + 120.0 * (i // 44))
    return {k: (round(x, 1), round(y, 1)) for k, (x, y) in out.items()}


@cache
def _world_atlas() -> str:
    """The vendored world-atlas TopoJSON as text, safe inside a ``<script>`` element."""
    path = _VIEW_FILES / "vendor" / "countries-50m.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(f"{path}: cannot read the basemap ({err}); reinstall kg") from err
    # "</" can only occur inside a JSON string, where "<\/" means the same
    return text.replace("</", "<\\/").replace("://", ":\\/\\/")


# --- the page --------------------------------------------------------------------------


@cache
def vis_network_js() -> str:
    """vis-network's JavaScript as shipped inside pyvis, ready to inline in a page.

    Every ``://`` is written ``:\\/\\/``: inside JavaScript strings, regular expressions
    and comments (the only places it occurs) that is the same text, and the page then
    holds no ``http(s)://`` for anything to fetch.
    """
    from importlib.util import find_spec

    # the package's folder without importing it: pyvis imports jinja2 and more (1.7 s here)
    spec = find_spec("pyvis")
    where = list(spec.submodule_search_locations or []) if spec else []
    if not where:
        raise KGError("pyvis is not installed: it ships the vis-network the view uses")
    path = Path(where[0]) / "lib" / "vis-9.1.2" / "vis-network.min.js"
    try:
        js = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(
            f"{path}: vis-network is missing from the pyvis package ({err}); reinstall pyvis"
        ) from err
    if "</script" in js.lower():
        raise KGError(f"{path}: cannot be inlined (it contains '</script')")
    return js.replace("://", ":\\/\\/")


@cache
def _view_file(name: str) -> str:
    path = _VIEW_FILES / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise KGError(f"{path}: a file of the HTML view is missing ({err}); reinstall kg") from err


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
    parts = {
        "%%TITLE%%": html.escape(str(data.get("title") or "kg")),
        "%%STYLE%%": _view_file("view.css"),
        "%%DATA%%": _json_for_html(data),
        "%%APP%%": _view_file("view.js").replace("://", ":\\/\\/"),
        "%%VIS%%": vis_network_js(),
        "%%ATLAS%%": _world_atlas(),
    }
    page = _view_file("page.html")
    # one pass, so no replacement's text is searched for the next placeholder
    out, pos = [], 0
    while True:
        start = page.find("%%", pos)
        if start < 0:
            out.append(page[pos:])
            break
        end = page.find("%%", start + 2) + 2
        key = page[start:end]
        out.append(page[pos:start])
        out.append(parts.get(key, key))
        pos = end
    return "".join(out)


# --- reading a store's view: the relations drawn, then their details -------------------


class ViewSource(NamedQueries, Protocol):
    """What :func:`view_graph` reads from: the named queries, and a query of its own text
    (:class:`kg.KnowledgeGraph` answers both)."""

    def query(self, sparql: str, **bindings: Any) -> Rows:
        """The answer of ``sparql``."""
        ...


#: The part of ``network_edges`` that says which relations it reads (each of its parts
#: starts with it), and how many relations one reading of the details takes.
_EVERY_RELATION = "GRAPH <https://w3id.org/intercity/graph/relations> { ?rel a ic:Relation }"
_DETAIL_CHUNK = 2000


def view_graph(
    source: ViewSource,
    *,
    city: Hashable | None = None,
    types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    max_relations: int = MAX_RELATIONS,
) -> nx.MultiGraph:
    """The network a view of a store draws, read in two steps.

    First each relation's type, status, date and parties (``network_relations``, one star
    in the relations graph) and the cities: the filters (:func:`filter_graph`) and the
    :func:`core` are worked out on these. Then the sources, evidence, officials and place
    (``network_edges``) of the relations drawn only, so that a store of 150,000 relations
    reads the details of the 20,000 its page shows. The graph's ``total`` attribute holds
    the cities and relations that passed the filters, of which the page shows the core.
    """
    from .analysis import find_city

    cities = {str(row["city"]): row for row in source.named("network_nodes").values()}
    light = network_from_rows(cities.values(), source.named("network_relations").values())
    if city is not None and city not in light:
        city = find_city(light, str(city))
    passed = filter_graph(
        light, city=city, types=types, statuses=statuses, since=since, until=until
    )
    chosen = core(passed, max_relations)
    drawn = sorted({k for _, _, k in chosen.edges(keys=True)})
    if len(drawn) == _relation_total(light):
        rows: list[Mapping[str, Any]] = list(source.named("network_edges").values())
    else:
        import pyoxigraph as ox

        from .query import named_query

        text = named_query("network_edges")
        rows = []
        for i in range(0, len(drawn), _DETAIL_CHUNK):
            iris = " ".join(str(ox.NamedNode(r)) for r in drawn[i : i + _DETAIL_CHUNK])
            part = text.replace(_EVERY_RELATION, "VALUES ?rel { " + iris + " }")
            rows.extend(source.query(part).values())
    graph = network_from_rows([cities[n] for n in chosen.nodes if n in cities], rows)
    graph = graph.subgraph(chosen.nodes).copy()
    graph.add_nodes_from(n for n in chosen.nodes if n not in graph)
    graph.graph["total"] = {
        "cities": passed.number_of_nodes(),
        "relations": _relation_total(passed),
    }
    return graph


class ViewOptions(TypedDict, total=False):
    """The options of the view, as :func:`render` and :func:`draw` take them (and
    :meth:`kg.KnowledgeGraph.draw` passes them on)."""

    labels: str
    layout: str
    title: str | None
    city: Hashable | None
    types: Iterable[str]
    statuses: Iterable[str]
    since: str | None
    until: str | None
    max_relations: int


def render(
    graph: nx.MultiGraph,
    *,
    labels: str = "ko",
    layout: str = "force",
    title: str | None = None,
    city: Hashable | None = None,
    types: Iterable[str] = (),
    statuses: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    max_relations: int = MAX_RELATIONS,
) -> str:
    """The view of the city network as one self-contained HTML page (a string).

    The filters are those of :func:`filter_graph`; ``labels`` (``ko``/``en``) is the
    language the page opens with and ``layout`` the layout (``force``: the network,
    ``geo``: the map), both switchable in the page; ``max_relations`` as in
    :func:`view_data`.
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
        max_relations=max_relations,
    )
    shown = len({r["rel"] for r in data["rels"]})
    if shown < data["total"]["relations"]:
        log.warning(
            "the view shows %d of %d relations (the best-connected cities); narrow it with "
            "city, type or date filters, or raise max_relations",
            shown,
            data["total"]["relations"],
        )
    return render_html(data)


def draw(
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
    max_relations: int = MAX_RELATIONS,
) -> Path:
    """Write :func:`render`'s page to ``path`` as UTF-8, whole or not at all; return the path."""
    page = render(
        graph,
        labels=labels,
        layout=layout,
        title=title,
        city=city,
        types=types,
        statuses=statuses,
        since=since,
        until=until,
        max_relations=max_relations,
    )
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(page)
        os.replace(tmp, out)
    except OSError as err:
        raise KGError(f"{out}: cannot write the view: {err.strerror or err}") from err
    log.info("wrote %s", out)
    return out


def draw_store(
    source: ViewSource, path: str | os.PathLike[str], **options: Unpack[ViewOptions]
) -> Path:
    """:func:`draw` for a store: the network read by :func:`view_graph` (the relations drawn,
    then only their details), with the same options."""
    limit = options.get("max_relations", MAX_RELATIONS)
    graph = view_graph(
        source,
        city=options.get("city"),
        types=options.get("types", ()),
        statuses=options.get("statuses", ()),
        since=options.get("since"),
        until=options.get("until"),
        max_relations=limit,
    )
    return draw(
        graph,
        path,
        labels=options.get("labels", "ko"),
        layout=options.get("layout", "force"),
        title=options.get("title"),
        max_relations=limit,
    )


#: The name of :func:`draw` before it had its current one.
write_html = draw
