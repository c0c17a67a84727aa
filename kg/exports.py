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

import contextlib
import errno
import math
import os
import stat
import sys
import warnings
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
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

    ``fmt`` is named by the file's extension when not given (see :func:`export_format`).
    A file is written in full before it takes the name (an unnamed file in the same folder,
    linked in when complete; ``NAME.part`` where the system has no unnamed files), so no
    half-written export is left behind (a full disk, Ctrl-C, SIGKILL); a named pipe or a
    character device (``/dev/stdout``) is written to as a stream; a symbolic link, a
    read-only file, a folder or a block device is refused, never replaced
    (:func:`check_target`). Errors name the file asked for.
    """
    if fmt is None:
        fmt = export_format(out) if isinstance(out, (str, os.PathLike)) else "turtle"
    if not isinstance(out, (str, os.PathLike)):
        _export(kg, out, fmt)
        return
    target = Path(out)
    if check_target(target) == "stream":
        with _open_stream(target) as stream:
            _export(kg, stream, fmt)
        return
    with _unnamed_file(target) as tmp:
        try:
            _export(kg, tmp.path, fmt)
        except KGError as err:  # name the file asked for, not the temporary one
            cls = StoreError if isinstance(err, StoreError) else KGError
            raise cls(str(err).replace(tmp.path, str(target))) from err
        tmp.commit()


def check_target(target: Path) -> str:
    """What writing an export to ``target`` means: ``"file"`` (a new file, or a regular
    file to replace) or ``"stream"`` (a named pipe or a character device: written to as it
    is, never replaced); anything else is a :class:`~kg.errors.KGError` saying why kg does
    not replace it and what to do."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return "file"
    except OSError as err:
        raise StoreError(f"{target}: cannot write the export: {_os_reason(err)}") from err
    if stat.S_ISLNK(info.st_mode):
        try:
            followed = os.stat(target)
        except OSError:
            followed = None
        if followed is not None and (
            stat.S_ISFIFO(followed.st_mode)
            or stat.S_ISCHR(followed.st_mode)
            or _standard_fd(followed) is not None
        ):
            return "stream"  # /dev/stdout, /dev/fd/N (whatever they are), a link to a pipe
        where = os.readlink(target)
        raise KGError(
            f"{target}: is a symbolic link (to {where}); kg does not replace a link with its "
            f"export: give -o {os.path.realpath(target)} to write the file it points to, or "
            "remove the link first"
        )
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        return "stream"
    if stat.S_ISDIR(info.st_mode):
        raise KGError(f"{target}: is a folder; name a file in it, e.g. -o {target / 'graph.nq'}")
    if not stat.S_ISREG(info.st_mode):
        raise KGError(
            f"{target}: is not a file (a block device or a socket); kg writes exports to "
            "files, pipes and standard output only: name a file"
        )
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise KGError(
            f"{target}: is read-only, and kg does not replace it: make it writable "
            f"(chmod u+w {target}) or choose another name"
        )
    return "file"


def _standard_fd(info: os.stat_result) -> int | None:
    """1 or 2 when ``info`` is the file this process's standard output or error is (so
    that ``-o /dev/stdout`` after ``> file`` writes on, where the shell put it)."""
    for fd in (1, 2):
        try:
            mine = os.fstat(fd)
        except OSError:
            continue
        if (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
            return fd
    return None


@contextlib.contextmanager
def _open_stream(target: Path) -> Iterator[IO[bytes]]:
    """A named pipe or a device opened for writing, as it is (no truncation, no rename);
    a pipe nobody reads is an error at once, not a wait for ever."""
    try:
        own = _standard_fd(os.stat(target))
        if own is not None:
            sys.stdout.flush()
            fd = os.dup(own)
        else:
            fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise KGError(
                f"{target}: is a named pipe that no process is reading; start the reader "
                f"first (e.g. `gzip < {target} > graph.gz &`), then export"
            ) from None
        raise StoreError(f"{target}: cannot write the export: {_os_reason(err)}") from err
    os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as stream:
        try:
            yield stream
            stream.flush()
        except OSError as err:
            if err.errno == errno.EPIPE:
                raise
            raise StoreError(f"{target}: cannot write the export: {_os_reason(err)}") from err


class _Unnamed:
    """A file being written in the folder of ``target`` under a name no one sees
    (``path`` is where to write it), which :meth:`commit` gives the target's name."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.fd: int | None = None
        try:
            self.fd = os.open(target.parent, os.O_TMPFILE | os.O_WRONLY, 0o666)
        except AttributeError:  # not Linux
            pass
        except OSError as err:
            if err.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise StoreError(f"{target}: cannot write the export: {_os_reason(err)}") from err
            if err.errno == errno.ENOENT and not target.parent.is_dir():
                raise StoreError(
                    f"{target}: cannot write the export: the folder {target.parent} does not "
                    "exist (create it first)"
                ) from None
        proc = f"/proc/self/fd/{self.fd}"
        if self.fd is not None and not os.path.exists(proc):
            os.close(self.fd)
            self.fd = None
        # Where the system has no unnamed files: one NAME.part per target, replaced by the
        # next export to it, so that they cannot pile up.
        self.path = proc if self.fd is not None else str(target.with_name(target.name + ".part"))

    def commit(self) -> None:
        """Give the complete file the target's name, in one step (``rename``)."""
        try:
            if self.fd is None:
                os.replace(self.path, self.target)
                return
            os.fsync(self.fd)
            folder = os.open(self.target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                # linkat(AT_SYMLINK_FOLLOW) on /proc/self/fd/N names the unnamed file (a
                # dir fd is what makes Python call linkat rather than link)
                try:
                    os.link(self.path, self.target.name, dst_dir_fd=folder, follow_symlinks=True)
                    return
                except FileExistsError:
                    pass
                # the target exists: link under a passing name, then rename over it
                passing = f".{self.target.name}.{os.getpid()}.part"
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(passing, dir_fd=folder)
                os.link(self.path, passing, dst_dir_fd=folder, follow_symlinks=True)
                try:
                    os.replace(passing, self.target.name, src_dir_fd=folder, dst_dir_fd=folder)
                except BaseException:
                    os.unlink(passing, dir_fd=folder)
                    raise
            finally:
                os.close(folder)
        except OSError as err:
            raise StoreError(f"{self.target}: cannot write the export: {_os_reason(err)}") from err

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # an unnamed file no one linked is gone with its last fd
            self.fd = None
        else:
            Path(self.path).unlink(missing_ok=True)


@contextlib.contextmanager
def _unnamed_file(target: Path) -> Iterator[_Unnamed]:
    tmp = _Unnamed(target)
    try:
        yield tmp
    finally:
        tmp.close()


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
