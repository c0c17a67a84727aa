"""Network analysis: one networkx projection of the store, and metrics as functions of it.

:func:`to_networkx` is the only place that reads the store; every other function takes
the graph first and returns plain values (the networkx way), so they work as well on a
graph built by hand:

>>> import networkx as nx
>>> g = nx.MultiGraph()
>>> g.add_edge("Jinju", "Goyang", type="meeting")
0
>>> g.add_edge("Goyang", "Kunming", type="friendship")
0
>>> shortest_path(g, "Jinju", "Kunming")
['Jinju', 'Goyang', 'Kunming']
>>> central_cities(g)[0]["city"]
'Goyang'
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Protocol

import networkx as nx

from .errors import KGError, NotFoundError

__all__ = [
    "to_networkx",
    "path_steps",
    "network_from_rows",
    "NamedQueries",
    "city_graph",
    "degree_centrality",
    "betweenness_centrality",
    "communities",
    "components",
    "shortest_path",
    "neighbors",
    "central_cities",
    "counts",
    "relation_counts",
    "find_city",
    "city_name",
    "NoPathError",
]

#: Seed of the Louvain community detection, so that the same graph gives the same groups.
LOUVAIN_SEED = 42


class NoPathError(KGError):
    """Two cities that no chain of relations connects."""


class NamedQueries(Protocol):
    """What :func:`to_networkx` reads from: anything that answers the named queries of
    ``kg/queries`` (:class:`kg.KnowledgeGraph` does), so analysis needs no front class."""

    def named(self, name: str, **bindings: Any) -> Rows:
        """The answer of the named query ``name``."""
        ...


class Rows(Protocol):
    """A query answer whose ``values()`` are its rows, one mapping a row."""

    def values(self) -> Sequence[Mapping[str, Any]]:
        """The rows."""
        ...


def to_networkx(source: NamedQueries) -> nx.MultiGraph:
    """The city network: a node per city, an edge per relation and pair of its parties.

    ``source`` answers the named queries ``network_nodes`` and ``network_edges`` (a
    :class:`kg.KnowledgeGraph`); :func:`network_from_rows` takes their rows directly.

    >>> from kg.graph import KnowledgeGraph, sample_path
    >>> kg = KnowledgeGraph()
    >>> _ = kg.ingest([sample_path()])
    >>> g = to_networkx(kg)
    >>> g.number_of_nodes(), g.number_of_edges()
    (4, 10)
    """
    return network_from_rows(
        source.named("network_nodes").values(), source.named("network_edges").values()
    )


def network_from_rows(
    nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> nx.MultiGraph:
    """The city network from the rows of the ``network_nodes`` and ``network_edges`` queries.

    Nodes are city IRIs and carry ``name_ko``, ``name_en``, ``alt_names`` (one a line),
    ``country``, ``lat``, ``lon``; edges are keyed by the relation IRI and carry ``type``,
    ``status``, ``date``, ``evidence``, ``sources`` (how many articles state it),
    ``first_source`` (one of them; not ``source``, which networkx's edge lists use for the
    first city), ``confidence`` (the highest of its evidence), ``confirmed`` (a person
    confirmed or corrected it), ``links`` (where each can be read, one a line), ``officials`` and
    ``place``. A relation of three cities gives the three edges between them. Rows with only
    ``rel``, ``party``, ``type``, ``status`` and ``date`` (``network_relations``) give the
    edges without the details.

    >>> node = {"city": "c:a", "name_ko": "가", "name_en": "A", "country": "KR", "lat": None,
    ...         "lon": None}
    >>> edge = {"rel": "r:1", "type": "meeting", "status": "active", "date": None,
    ...         "evidence": None, "sources": "1", "source": None, "officials": None}
    >>> g = network_from_rows([node, {**node, "city": "c:b"}],
    ...                       [{**edge, "party": "c:a"}, {**edge, "party": "c:b"}])
    >>> list(g.edges(keys=True))
    [('c:a', 'c:b', 'r:1')]
    """
    g = nx.MultiGraph()
    for row in nodes:
        g.add_node(
            row["city"],
            name_ko=row["name_ko"],
            name_en=row["name_en"],
            alt_names=row.get("alt_names") or "",
            country=row["country"],
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
        )
    parties: dict[str, list[str]] = defaultdict(list)
    attrs: dict[str, dict[str, Any]] = {}
    # By relation and party, whatever order the rows came in: the edges' order is the
    # graph's, and the queries leave the sorting here (cheaper than in the store).
    for row in sorted(edges, key=lambda r: (r["rel"] or "", r["party"] or "")):
        rel = row["rel"] or ""
        parties[rel].append(row["party"] or "")
        attrs[rel] = {
            "type": row["type"],
            "status": row["status"],
            "date": row["date"],
            "evidence": row.get("evidence"),
            "sources": int(row.get("sources") or 0),
            "first_source": row.get("source"),
            "confidence": float(row["confidence"]) if row.get("confidence") else None,
            "confirmed": row.get("confirmed") == "true",
            "links": "\n".join(sorted(a for a in (row.get("links") or "").split("\n") if a)),
            "officials": row.get("officials") or "",
            "place": row.get("place"),
        }
    for rel, cities in parties.items():
        cities = sorted(set(cities))
        for i, a in enumerate(cities):
            for b in cities[i + 1 :]:
                g.add_edge(a, b, key=rel, **{k: v for k, v in attrs[rel].items() if v is not None})
    return g


def city_graph(graph: nx.Graph) -> nx.Graph:
    """The simple graph under a multigraph: one edge per pair of cities.

    Each edge carries ``relations`` (how many relations join the pair) and ``types``
    (their sorted relation types). A simple graph is returned as a copy.

    >>> g = nx.MultiGraph([("Goyang", "Yiwu", {"type": "meeting"}),
    ...                    ("Goyang", "Yiwu", {"type": "friendship"})])
    >>> city_graph(g).edges["Goyang", "Yiwu"]
    {'relations': 2, 'types': ['friendship', 'meeting']}
    """
    if not graph.is_multigraph():
        return nx.Graph(graph)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    pairs: dict[tuple[Hashable, Hashable], list[str]] = defaultdict(list)
    for a, b, data in graph.edges(data=True):
        if a == b:
            continue
        key = (a, b) if (b, a) not in pairs else (b, a)
        pairs[key].append(str(data.get("type") or ""))
    for (a, b), types in pairs.items():
        simple.add_edge(a, b, relations=len(types), types=sorted(set(t for t in types if t)))
    return simple


def degree_centrality(graph: nx.Graph) -> dict[Hashable, float]:
    """Share of the other cities each city has a relation with (0 to 1).

    Counts partners, not relations: five meetings with one city make one partner.

    >>> degree_centrality(nx.MultiGraph([("a", "b"), ("a", "b"), ("a", "c")]))
    {'a': 1.0, 'b': 0.5, 'c': 0.5}
    """
    return dict(nx.degree_centrality(city_graph(graph)))


def betweenness_centrality(graph: nx.Graph, *, normalized: bool = True) -> dict[Hashable, float]:
    """How often each city lies on the shortest paths between two others.

    >>> betweenness_centrality(nx.Graph([("a", "b"), ("b", "c")]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    return dict(nx.betweenness_centrality(city_graph(graph), normalized=normalized))


def communities(
    graph: nx.Graph, *, seed: int = LOUVAIN_SEED, resolution: float = 1.0
) -> list[set[Hashable]]:
    """Groups of cities more tied to each other than to the rest (Louvain), largest first.

    The seed is fixed, so the same graph always gives the same groups; edges are
    weighted by the number of relations between two cities.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"),
    ...               ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> [sorted(c) for c in communities(g)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    simple = city_graph(graph)
    if simple.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        simple, weight="relations", seed=seed, resolution=resolution
    )
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c))))


def components(graph: nx.Graph) -> list[set[Hashable]]:
    """The connected parts of the network, largest first.

    >>> [sorted(c) for c in components(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))]
    [['c', 'd', 'e'], ['a', 'b']]
    """
    return sorted(
        (set(c) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), sorted(map(str, c))),
    )


def shortest_path(graph: nx.Graph, source: Hashable, target: Hashable) -> list[Hashable]:
    """The cities on a shortest chain of relations from ``source`` to ``target``, both included.

    Raises :class:`~kg.errors.NotFoundError` for a city not in the graph and
    :class:`NoPathError` when nothing connects them.

    >>> shortest_path(nx.Graph([("a", "b"), ("b", "c")]), "a", "c")
    ['a', 'b', 'c']
    >>> shortest_path(nx.Graph([("a", "b")]), "a", "z")
    Traceback (most recent call last):
    ...
    kg.errors.NotFoundError: city 'z' is not in the graph
    """
    for city in (source, target):
        if city not in graph:
            raise NotFoundError(f"city {city!r} is not in the graph")
    try:
        return list(nx.shortest_path(graph, source, target))
    except nx.NetworkXNoPath as err:
        raise NoPathError(
            f"no chain of relations joins {city_name(graph, source)} and {city_name(graph, target)}"
        ) from err


def neighbors(graph: nx.Graph, city: Hashable) -> list[dict[str, Any]]:
    """The partners of a city, each with its relations (type, status, date), most relations first.

    >>> g = nx.MultiGraph([("Goyang", "Yiwu", {"type": "meeting", "status": "active"})])
    >>> neighbors(g, "Goyang")[0]["relations"]
    [{'type': 'meeting', 'status': 'active', 'date': None}]
    """
    if city not in graph:
        raise NotFoundError(f"city {city!r} is not in the graph")
    rels: dict[Hashable, list[dict[str, Any]]] = defaultdict(list)
    for _, other, data in graph.edges(city, data=True):
        rels[other].append({k: data.get(k) for k in ("type", "status", "date")})
    out: list[dict[str, Any]] = []
    for other, items in rels.items():
        items.sort(key=lambda r: (str(r["type"]), str(r["status"]), str(r["date"] or "")))
        out.append({"city": other, "name": city_name(graph, other), "relations": items})
    out.sort(key=lambda r: (-len(r["relations"]), r["name"]))
    return out


def central_cities(graph: nx.Graph, top: int | None = 10) -> list[dict[str, Any]]:
    """The most central cities: partners, relations, degree and betweenness centrality, community.

    Ranked by degree centrality, then betweenness, then relations; ``top=None`` gives all.
    ``community`` is the index of the city's group in :func:`communities` (0 = largest).

    >>> rows = central_cities(nx.Graph([("a", "b"), ("b", "c")]))
    >>> [(r["city"], r["partners"], r["betweenness"]) for r in rows]
    [('b', 2, 1.0), ('a', 1, 0.0), ('c', 1, 0.0)]
    """
    simple = city_graph(graph)
    deg = nx.degree_centrality(simple)
    btw = nx.betweenness_centrality(simple)
    group = {city: i for i, members in enumerate(communities(simple)) for city in members}
    relations = relation_counts(graph)
    rows = [
        {
            "city": city,
            "name": city_name(graph, city),
            "country": graph.nodes[city].get("country"),
            "partners": simple.degree(city),
            "relations": relations[city],
            "degree": round(deg.get(city, 0.0), 4),
            "betweenness": round(btw.get(city, 0.0), 4),
            "community": group.get(city),
        }
        for city in simple.nodes
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], -r["relations"], str(r["name"])))
    return rows if top is None else rows[:top]


def relation_counts(graph: nx.Graph) -> Counter[Hashable]:
    """How many relations each city is a party of (a relation of three cities counts once).

    >>> relation_counts(nx.MultiGraph([("a", "b", "r1"), ("a", "c", "r2"), ("b", "c", "r2")]))["a"]
    2
    """
    seen: dict[Hashable, set[Any]] = defaultdict(set)
    if graph.is_multigraph():
        for a, b, key in graph.edges(keys=True):
            rel = key if isinstance(key, str) else (a, b, key)
            seen[a].add(rel)
            seen[b].add(rel)
    else:
        for a, b in graph.edges():
            seen[a].add((a, b))
            seen[b].add((a, b))
    return Counter({node: len(rels) for node, rels in seen.items()})


def counts(graph: nx.Graph) -> dict[str, dict[str, int]]:
    """Relations by type and by status (a relation of three cities counts once).

    >>> counts(nx.MultiGraph([("a", "b", {"type": "meeting", "status": "active"})]))
    {'by_type': {'meeting': 1}, 'by_status': {'active': 1}}
    """
    seen: dict[Any, dict[str, Any]] = {}
    if graph.is_multigraph():
        for a, b, key, data in graph.edges(keys=True, data=True):
            seen.setdefault(key if isinstance(key, str) else (a, b, key), data)
    else:
        for a, b, data in graph.edges(data=True):
            seen[(a, b)] = data
    by_type = Counter(str(d.get("type")) for d in seen.values())
    by_status = Counter(str(d.get("status")) for d in seen.values())
    return {"by_type": dict(by_type.most_common()), "by_status": dict(by_status.most_common())}


def path_steps(
    graph: nx.Graph, cities: Sequence[Hashable], lang: str = "en"
) -> list[dict[str, Any]]:
    """The steps of a chain of cities: each pair's names and the relation types between them.

    >>> g = nx.MultiGraph()
    >>> g.add_edge("a", "b", type="meeting"); g.add_edge("a", "b", type="aid")
    0
    1
    >>> path_steps(g, ["a", "b"])
    [{'from': 'a', 'to': 'b', 'types': ['aid', 'meeting']}]
    """
    names = [city_name(graph, c, lang) for c in cities]
    return [
        {
            "from": names[i],
            "to": names[i + 1],
            "types": sorted({str(d.get("type")) for d in graph.get_edge_data(a, b).values()}),
        }
        for i, (a, b) in enumerate(itertools.pairwise(cities))
    ]


def city_name(graph: nx.Graph, city: Hashable, lang: str = "en") -> str:
    """A readable name of a city node: its English (or Korean) label, else the node itself."""
    data = graph.nodes[city] if city in graph else {}
    first, second = ("name_en", "name_ko") if lang == "en" else ("name_ko", "name_en")
    return str(data.get(first) or data.get(second) or city)


_SPACE = re.compile(r"\s+")


def _forms(name: str) -> set[str]:
    from .gazetteer import norm_en, norm_ko

    name = name.strip()
    if not name:
        return set()
    out = {_SPACE.sub("", name).lower()}
    if re.search(r"[\uac00-\ud7a3]", name):
        out.add(norm_ko(name))
    else:
        out.add(norm_en(name))
    return out


def find_city(graph: nx.Graph, name: str) -> Hashable:
    """The node of a city named in any form: 고양, 고양시, Goyang, Goyang-si, or its IRI.

    Names are matched against the graph's own labels (Korean, English, other names),
    then through the gazetteer. Raises :class:`~kg.errors.NotFoundError` naming the
    value, or listing the candidates when the name fits several cities.

    >>> g = nx.Graph([("gn:1", "gn:2")])
    >>> nx.set_node_attributes(g, {"gn:1": {"name_ko": "고양시", "name_en": "Goyang"}})
    >>> find_city(g, "고양"), find_city(g, "goyang"), find_city(g, "Goyang-si")
    ('gn:1', 'gn:1', 'gn:1')
    """
    if name in graph:
        return name
    wanted = _forms(name)
    hits: list[Hashable] = []
    for node, data in graph.nodes(data=True):
        labels = [
            data.get("name_ko"),
            data.get("name_en"),
            *str(data.get("alt_names") or "").split("\n"),
        ]
        if any(wanted & _forms(str(label)) for label in labels if label):
            hits.append(node)
    if not hits:
        hits = _through_gazetteer(graph, name)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(f"no city named {name!r} in the graph (try its Korean or English name)")
    listed = ", ".join(
        f"{city_name(graph, h)} ({graph.nodes[h].get('country') or '?'}, {h})" for h in hits[:5]
    )
    raise NotFoundError(f"{name!r} names several cities: {listed}; give the full name or the IRI")


def _through_gazetteer(graph: nx.Graph, name: str) -> list[Hashable]:
    from .gazetteer import Gazetteer
    from .namespaces import city_iri

    out: list[Hashable] = []
    for city in Gazetteer.default().lookup(name):
        iri = city_iri(city.key)
        if iri in graph and iri not in out:
            out.append(iri)
    return out[:1]
