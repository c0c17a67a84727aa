"""Export formats that Oxigraph does not write as they are wanted: compact JSON-LD, GraphML
that Gephi and yEd label right, and GEXF for Gephi's timeline.

- **JSON-LD**: compacted by rdflib against :data:`JSONLD_CONTEXT` (kg's prefixes, so
  ``schema:name``, ``ic:party``, ``city:gn-1842485``), named graphs kept as ``@graph``
  objects; numbers stay typed strings (a JSON number would come back as another lexical
  form), so Oxigraph and rdflib read it back to the very same quads.
- **GraphML**: one edge per pair of cities, its ``label`` the relation types and its
  ``weight`` the number of relations; keys named as Gephi's importer maps them (``label``,
  ``weight``, ``r``/``g``/``b``, ``x``/``y``, ``size``), plus yFiles graphics so that yEd
  shows the names, colours and positions without a properties mapper.
- **GEXF**: the same edges with ``viz`` positions (longitude, latitude), colours (cities
  by country, an edge by its type, grey for several) and sizes, and the year of the
  pair's first dated relation as the edge's ``start`` (``timeformat="date"``), so Gephi's
  timeline shows the network grow. Gephi merges parallel edges, hence one per pair.
"""

from __future__ import annotations

import math
import os
import warnings
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import networkx as nx
import pyoxigraph as ox

from .errors import KGError, StoreError
from .errors import os_reason as _os_reason
from .namespaces import EVIDENCE, GRAPH, OFFICIAL, PREFIXES

if TYPE_CHECKING:
    from .backend import GraphStore
    from .model import Relation

__all__ = [
    "EXPORT_FORMATS",
    "export",
    "export_format",
    "JSONLD_CONTEXT",
    "write_export",
    "write_jsonld",
    "write_graphml",
    "write_gexf",
    "city_network",
]

#: The ``@context`` of kg's JSON-LD: its prefixes (and the ids of officials, evidence and
#: graphs), so that the terms read as ``schema:name`` and ``ic:party``.
JSONLD_CONTEXT: dict[str, str] = {
    **PREFIXES,
    "official": str(OFFICIAL),
    "evidence": str(EVIDENCE),
    "graph": str(GRAPH),
}
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
_GRAPHML = "http://graphml.graphdrawing.org/xmlns"
_YFILES = "http://www.yworks.com/xml/graphml"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


#: Export formats and the file extension each is guessed from.
EXPORT_FORMATS = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "rdfxml": ".rdf",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": ".csv",
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


#: Other extensions that name an export format.
_MORE_SUFFIXES = {".json": "jsonld", ".owl": "rdfxml"}


def export_format(path: str | os.PathLike[str]) -> str:
    """The export format a file name asks for by its extension; an extension that names
    none is an error (``KGError``), not a file of some other format under that name.

    >>> export_format("graph.trig"), export_format("graph.json"), export_format("net.gexf")
    ('trig', 'jsonld', 'gexf')
    """
    suffix = Path(path).suffix.lower()
    found = _MORE_SUFFIXES.get(suffix) or next(
        (f for f, ext in EXPORT_FORMATS.items() if ext == suffix), None
    )
    if found is None:
        known = ", ".join(sorted([*EXPORT_FORMATS.values(), *_MORE_SUFFIXES]))
        raise KGError(
            f"{path}: the extension {suffix or '(none)'!r} names no export format; "
            f"use one of {known}, or say which format to write"
        )
    return found


class ExportSource(Protocol):
    """What :func:`write_export` reads: a store and its city network (the front class
    :class:`kg.KnowledgeGraph` is one), so exports need not import the front class."""

    store: GraphStore

    @property
    def remote(self) -> bool:
        """True when the store is on a SPARQL server."""
        ...

    @property
    def oxigraph(self) -> ox.Store:
        """The embedded Oxigraph store."""
        ...

    def networkx(self) -> nx.MultiGraph:
        """The city network."""
        ...

    def relations(self) -> list[Relation]:
        """The stored relations (for the CSV export)."""
        ...


def export(
    kg: ExportSource, out: str | os.PathLike[str] | IO[bytes], fmt: str | None = None
) -> None:
    """Write the graph: ``turtle``/``ntriples``/``rdfxml`` (the union), ``nquads``/
    ``trig``/``jsonld`` (with the named graphs; JSON-LD compact, see :mod:`kg.exports`)
    or ``graphml``/``gexf`` (the city network, for Gephi and yEd), or ``csv`` (the
    relation records ``kg ingest`` reads, one row per relation and article; rejected
    relations left out, corrected ones as corrected). The dataset formats carry the
    curation graph of decisions.

    ``fmt`` is named by the file's extension when not given (see :func:`export_format`). A
    file is written as ``NAME.part`` and renamed when complete, so no half-written
    export is left behind (a full disk, Ctrl-C); errors name the file asked for.
    """
    if fmt is None:
        fmt = export_format(out) if isinstance(out, (str, os.PathLike)) else "turtle"
    if not isinstance(out, (str, os.PathLike)):
        _export(kg, out, fmt)
        return
    target = Path(out)
    tmp = target.with_name(target.name + ".part")
    try:
        _export(kg, tmp, fmt)
        os.replace(tmp, target)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, KGError):  # name the file asked for, not the .part
            cls = StoreError if isinstance(err, StoreError) else KGError
            raise cls(str(err).replace(str(tmp), str(target))) from err
        raise


def _export(kg: ExportSource, out: str | os.PathLike[str] | IO[bytes], fmt: str) -> None:
    if fmt == "csv":  # the relation records kg ingest reads, one row per relation and article
        import io as _io

        from .io import write_records

        text = _io.StringIO()
        write_records(kg.relations(), text, "csv")
        data = text.getvalue().encode("utf-8")
        try:
            if isinstance(out, (str, os.PathLike)):
                Path(out).write_bytes(data)
            else:
                out.write(data)
        except OSError as err:
            raise StoreError(f"{out}: cannot write the export: {_os_reason(err)}") from err
        return
    if fmt in ("graphml", "gexf", "jsonld"):  # compact JSON-LD, and for Gephi and yEd
        from .exports import write_export

        write_export(kg, out, fmt)
        return
    rdf_fmt = _RDF_FORMATS.get(fmt)
    if rdf_fmt is None:
        raise KGError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    output: Any = str(out) if isinstance(out, (str, os.PathLike)) else out
    with_prefixes = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    prefixes = dict(PREFIXES) if rdf_fmt in with_prefixes else None
    try:
        kg.store.dump(output, rdf_fmt, prefixes)
    except OSError as err:
        raise StoreError(f"{out}: cannot write the export: {_os_reason(err)}") from err


def write_export(kg: ExportSource, out: str | os.PathLike[str] | IO[bytes], fmt: str) -> None:
    """Write ``jsonld``, ``graphml`` or ``gexf`` of a graph to a path or a binary stream."""
    if isinstance(out, (str, Path)) or hasattr(out, "__fspath__"):
        path = Path(out)  # type: ignore[arg-type]
        try:
            with path.open("wb") as file:
                write_export(kg, file, fmt)
        except OSError as err:
            raise StoreError(f"{path}: cannot write the export: {err.strerror or err}") from err
        return
    stream: IO[bytes] = out  # type: ignore[assignment]
    if fmt == "jsonld":
        write_jsonld(kg.store.quads() if kg.remote else kg.oxigraph, stream)
    elif fmt == "graphml":
        write_graphml(kg.networkx(), stream)
    elif fmt == "gexf":
        write_gexf(kg.networkx(), stream)
    else:
        raise ValueError(f"not a format of kg.exports: {fmt!r}")


def _compact(iri: str) -> str:
    """The IRI as ``prefix:local`` under :data:`JSONLD_CONTEXT`, or as it is."""
    for prefix, ns in JSONLD_CONTEXT.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def write_jsonld(quads: Any, out: IO[bytes]) -> None:
    """Write an Oxigraph store, or quads (:class:`pyoxigraph.Quad`), as compact JSON-LD."""
    import rdflib
    from oxrdflib import OxigraphStore

    if isinstance(quads, ox.Store):
        store = quads
    else:
        store = ox.Store()
        store.bulk_extend(quads)
    ds = rdflib.Dataset(store=OxigraphStore(store=store))
    context: dict[str, Any] = dict(JSONLD_CONTEXT)
    # A JSON number reads back as a double of another lexical form ("2.5E1" for "25.0"):
    # the properties that carry doubles get a typed term, so their values stay strings.
    doubles = store.query(
        "SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (isLiteral(?o) && datatype(?o) = <{XSD_DOUBLE}>) }}"
    )
    for row in doubles:  # type: ignore[union-attr]
        iri = row["p"].value
        context[_compact(iri)] = {"@id": iri, "@type": XSD_DOUBLE}
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD writer calls its own deprecated ConjunctiveGraph and
        # Dataset.contexts: rdflib's business, not the user's.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        text = ds.serialize(
            format="json-ld",
            context=context,
            auto_compact=True,
        )
    out.write(text.encode("utf-8"))


# --- the city network, for Gephi and yEd --------------------------------------------------


def _hex(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _year(date: object) -> int | None:
    text = str(date or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _geo_positions(graph: nx.MultiGraph) -> dict[Hashable, tuple[float, float]]:
    """Equirectangular longitude/latitude in screen units (y down, as GraphML tools draw):
    100 per degree. A city without coordinates sits at the mean of its partners that have
    them, else where networkx's spring layout puts it, beside the others."""
    scale = 100.0
    pos: dict[Hashable, tuple[float, float]] = {}
    for n, d in graph.nodes(data=True):
        if d.get("lat") is not None and d.get("lon") is not None:
            pos[n] = (float(d["lon"]) * scale, -float(d["lat"]) * scale)
    for n in graph.nodes:
        if n not in pos:
            known = [pos[m] for m in graph.neighbors(n) if m in pos]
            if known:
                pos[n] = (
                    sum(x for x, _ in known) / len(known),
                    sum(y for _, y in known) / len(known),
                )
    rest = [n for n in graph.nodes if n not in pos]
    if rest:
        # method="force": networkx's numpy layout (its default past 500 nodes needs scipy)
        sub = nx.Graph(graph.subgraph(rest))
        spread = nx.spring_layout(sub, seed=7, scale=scale * 10, iterations=40, method="force")
        for n, (x, y) in spread.items():
            pos[n] = (float(x), float(y) + scale * 100)  # below the map
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def city_network(source: nx.MultiGraph) -> dict[str, Any]:
    """What both writers draw: per city its label, colour, position and size; per relation
    its type, status, year and colour.

    Returns ``{"nodes": {node: attrs}, "relations": [(a, b, key, attrs)]}``.
    """
    from .viz import COUNTRY_PALETTE, TYPE_COLOURS

    countries = Counter(str(d.get("country") or "") for _, d in source.nodes(data=True))
    ranked = sorted(countries, key=lambda c: (c == "", -countries[c], c))
    palette = {c: COUNTRY_PALETTE[min(i, len(COUNTRY_PALETTE) - 1)] for i, c in enumerate(ranked)}
    positions = _geo_positions(source)
    partners = {n: len(set(source.neighbors(n)) - {n}) for n in source.nodes}
    nodes = {}
    for n, d in source.nodes(data=True):
        x, y = positions.get(n, (0.0, 0.0))
        nodes[n] = {
            "label": str(d.get("name_en") or d.get("name_ko") or n),
            "name_ko": str(d.get("name_ko") or ""),
            "name_en": str(d.get("name_en") or ""),
            "country": str(d.get("country") or ""),
            "lat": d.get("lat"),
            "lon": d.get("lon"),
            "partners": partners[n],
            "colour": palette[str(d.get("country") or "")],
            "x": float(x),
            "y": float(y),
            "size": 10.0 + 4.0 * math.sqrt(partners[n]),
        }
    relations = []
    for a, b, k, d in source.edges(keys=True, data=True):
        kind = str(d.get("type") or "")
        relations.append(
            (
                a,
                b,
                k,
                {
                    "type": kind,
                    "status": str(d.get("status") or ""),
                    "date": str(d.get("date") or ""),
                    "year": _year(d.get("date")),
                    "sources": int(d.get("sources") or 1),
                    "evidence": str(d.get("evidence") or ""),
                    "colour": TYPE_COLOURS.get(kind, "#777777"),
                },
            )
        )
    return {"nodes": nodes, "relations": relations}


def _pairs(net: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """One entry per pair of cities: its relations summed up (types, statuses, years)."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for a, b, _, attrs in net["relations"]:
        pairs[(str(a), str(b)) if str(a) <= str(b) else (str(b), str(a))].append(attrs)
    out = []
    for (a, b), rels in sorted(pairs.items()):
        types = sorted({r["type"] for r in rels})
        years = sorted(y for r in rels if (y := r["year"]) is not None)
        summary = {
            "label": ", ".join(types),
            "weight": float(len(rels)),
            "types": ", ".join(types),
            "statuses": ", ".join(sorted({r["status"] for r in rels})),
            "relations": len(rels),
            "first_year": years[0] if years else None,
            "last_year": years[-1] if years else None,
            "colour": rels[0]["colour"] if len(types) == 1 else "#555555",
        }
        out.append((a, b, summary))
    return out


def write_graphml(source: nx.MultiGraph, out: IO[bytes]) -> None:
    """Write the city network as GraphML, one edge per pair of cities (see the module)."""
    net = city_network(source)
    ET.register_namespace("", _GRAPHML)
    ET.register_namespace("y", _YFILES)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(
        f"{{{_GRAPHML}}}graphml",
        {
            f"{{{_XSI}}}schemaLocation": f"{_GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
        },
    )
    node_keys = [
        ("label", "string"),
        ("name_ko", "string"),
        ("name_en", "string"),
        ("country", "string"),
        ("lat", "double"),
        ("lon", "double"),
        ("partners", "int"),
        ("x", "float"),
        ("y", "float"),
        ("size", "float"),
        ("r", "int"),
        ("g", "int"),
        ("b", "int"),
    ]
    # Key ids are unique in a file: the edges' label and weight keep Gephi's names as attr.name.
    edge_keys = [
        ("edgelabel", "label", "string"),
        ("weight", "weight", "double"),
        ("types", "types", "string"),
        ("statuses", "statuses", "string"),
        ("relations", "relations", "int"),
        ("first_year", "first_year", "int"),
        ("last_year", "last_year", "int"),
    ]
    for name, kind in node_keys:
        key = {"id": name, "for": "node", "attr.name": name, "attr.type": kind}
        ET.SubElement(root, f"{{{_GRAPHML}}}key", key)
    ET.SubElement(
        root, f"{{{_GRAPHML}}}key", {"id": "ng", "for": "node", "yfiles.type": "nodegraphics"}
    )
    for key_id, name, kind in edge_keys:
        key = {"id": key_id, "for": "edge", "attr.name": name, "attr.type": kind}
        ET.SubElement(root, f"{{{_GRAPHML}}}key", key)
    ET.SubElement(
        root, f"{{{_GRAPHML}}}key", {"id": "eg", "for": "edge", "yfiles.type": "edgegraphics"}
    )
    graph = ET.SubElement(root, f"{{{_GRAPHML}}}graph", {"id": "kg", "edgedefault": "undirected"})

    def data(parent: ET.Element, key: str, value: object) -> None:
        if value is None or value == "":
            return  # GraphML has no null
        ET.SubElement(parent, f"{{{_GRAPHML}}}data", {"key": key}).text = str(value)

    for n, a in net["nodes"].items():
        node = ET.SubElement(graph, f"{{{_GRAPHML}}}node", {"id": str(n)})
        r, g, b = _hex(a["colour"])
        values = {**a, "r": r, "g": g, "b": b, "x": round(a["x"], 2), "y": round(a["y"], 2)}
        for name, _ in node_keys:
            data(node, name, values.get(name))
        shape = ET.SubElement(
            ET.SubElement(node, f"{{{_GRAPHML}}}data", {"key": "ng"}), f"{{{_YFILES}}}ShapeNode"
        )
        side = f"{a['size'] * 2:.1f}"
        ET.SubElement(
            shape,
            f"{{{_YFILES}}}Geometry",
            {"x": f"{a['x']:.1f}", "y": f"{a['y']:.1f}", "width": side, "height": side},
        )
        ET.SubElement(
            shape, f"{{{_YFILES}}}Fill", {"color": a["colour"].upper(), "transparent": "false"}
        )
        ET.SubElement(shape, f"{{{_YFILES}}}NodeLabel").text = a["label"]
        ET.SubElement(shape, f"{{{_YFILES}}}Shape", {"type": "ellipse"})

    for i, (u, v, pair) in enumerate(_pairs(net)):
        edge = ET.SubElement(
            graph, f"{{{_GRAPHML}}}edge", {"id": f"e{i}", "source": u, "target": v}
        )
        data(edge, "edgelabel", pair["label"])
        for key_id, name, _ in edge_keys[1:]:
            data(edge, key_id, pair[name])
        line = ET.SubElement(
            ET.SubElement(edge, f"{{{_GRAPHML}}}data", {"key": "eg"}), f"{{{_YFILES}}}PolyLineEdge"
        )
        width = f"{1.0 + math.log2(pair['relations']):.1f}"
        style = {"color": pair["colour"].upper(), "type": "line", "width": width}
        ET.SubElement(line, f"{{{_YFILES}}}LineStyle", style)
        ET.SubElement(line, f"{{{_YFILES}}}EdgeLabel").text = pair["label"]
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def write_gexf(source: nx.MultiGraph, out: IO[bytes]) -> None:
    """Write the city network as GEXF 1.2 for Gephi (networkx's writer; see the module)."""
    net = city_network(source)
    g = nx.Graph()
    for n, a in net["nodes"].items():
        r, gg, b = _hex(a["colour"])
        attrs: dict[str, Any] = {
            k: a[k] for k in ("name_ko", "name_en", "country", "partners") if a[k] != ""
        }
        attrs.update({k: float(a[k]) for k in ("lat", "lon") if a[k] is not None})
        attrs["label"] = a["label"]
        attrs["viz"] = {
            "color": {"r": r, "g": gg, "b": b, "a": 1.0},
            "position": {"x": a["x"], "y": -a["y"], "z": 0.0},  # GEXF's y points up
            "size": a["size"],
        }
        g.add_node(str(n), **attrs)
    for i, (u, v, pair) in enumerate(_pairs(net)):
        r, gg, bb = _hex(pair["colour"])
        edge_attrs: dict[str, Any] = {
            "id": f"e{i}",
            "label": pair["label"],
            "weight": pair["weight"],
            "types": pair["types"],
            "statuses": pair["statuses"],
            "relations": pair["relations"],
            "viz": {"color": {"r": r, "g": gg, "b": bb, "a": 1.0}, "thickness": pair["weight"]},
        }
        if pair["first_year"] is not None:
            edge_attrs["start"] = f"{pair['first_year']:04d}-01-01"
            edge_attrs["first_year"] = pair["first_year"]
            edge_attrs["last_year"] = pair["last_year"]
        g.add_edge(u, v, **edge_attrs)
    nx.write_gexf(g, out, version="1.2draft")
