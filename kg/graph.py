"""The front class: :class:`KnowledgeGraph` opens a store and does everything through it.

>>> from kg import KnowledgeGraph
>>> kg = KnowledgeGraph()                      # in memory; KnowledgeGraph("path") on disk
>>> report = kg.ingest([sample_path()])
>>> report.relations
8
>>> rows = kg.query(named_query("partners"), city=city_node("gn:1842485")).values()
>>> sorted(r["partner"].rsplit("/", 1)[-1] for r in rows)
['gn-1804651', 'gn-1814870', 'gn-1846052']
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from .errors import KGError, StoreError
from .ingest import Extractor, IngestReport, read_rdf
from .ingest import ingest as ingest_files
from .io import group_by_source
from .model import Article, Relation
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, city_iri
from .query import QueryResult, named_query, run_query, run_query_serialized
from .store import Store, WriteReport, _os_reason

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from .remote import RemoteStore

log = logging.getLogger(__name__)

__all__ = ["KnowledgeGraph", "IngestReport", "EXPORT_FORMATS", "sample_path", "city_node"]

#: Export formats and the file extension each is guessed from.
EXPORT_FORMATS = {
    "turtle": ".ttl",
    "ntriples": ".nt",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "graphml": ".graphml",
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def sample_path() -> Path:
    """The bundled sample: the seed press release's relations, curated by hand."""
    return Path(str(resources.files("kg.data") / "seed-relations.jsonl"))


def city_node(key: str) -> ox.NamedNode:
    """The IRI of a city from its gazetteer key (``gn:1842485``), as the store writes it
    (:func:`kg.namespaces.city_iri`)."""
    return ox.NamedNode(city_iri(key))


def ontology_files() -> list[Path]:
    """The ontology and the relation scheme that ship with the package."""
    base = resources.files("kg.ontologies")
    return [Path(str(base / "intercity.ttl")), Path(str(base / "relations.ttl"))]


def shapes_file() -> Path:
    return Path(str(resources.files("kg.ontologies") / "shapes.ttl"))


class KnowledgeGraph:
    """A knowledge graph of inter-city relations on an Oxigraph store.

    Parameters
    ----------
    path:
        Folder of the on-disk store, created when missing; ``None`` for a store in memory;
        the URL of a SPARQL 1.1 server (``http://127.0.0.1:7878``, a Fuseki dataset
        ``http://host:3030/ds``) for a :class:`kg.remote.RemoteStore`, or such a store.
    read_only:
        Open an existing on-disk store for reading only (queries, export, drawing).
    """

    def __init__(
        self, path: str | os.PathLike[str] | RemoteStore | None = None, *, read_only: bool = False
    ):
        from .remote import RemoteStore, is_remote

        self.store: Store | RemoteStore
        if isinstance(path, RemoteStore):
            self.store = path
        elif is_remote(path):
            self.store = RemoteStore(str(path), read_only=read_only)
        else:
            self.store = Store(path, read_only=read_only)  # type: ignore[arg-type]

    @property
    def remote(self) -> bool:
        """True when the graph lives on a SPARQL server rather than in Oxigraph here."""
        return not isinstance(self.store, Store)

    # --- context management ------------------------------------------------------

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc is None:
            self.close()
            return
        # An error is already on its way out: closing must not hide it behind its own
        # (a full disk fails the write and then the flush; the write is the news).
        try:
            self.close()
        except KGError as err:
            log.debug("while closing after an error: %s", err)

    def close(self) -> None:
        """Release the store and its lock."""
        self.store.close()

    def __len__(self) -> int:
        """Distinct triples in the union of all graphs."""
        return self.store.triple_count()

    @property
    def oxigraph(self) -> ox.Store:
        return self.store.oxigraph

    # --- writing ------------------------------------------------------------------

    def ensure_ontology(self) -> None:
        """Load the ontology and relation scheme into their own graph, once."""
        g = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if self.store.read_only or self.store.has_graph(g.value):
            return
        quads = []
        for path in ontology_files():
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
        self.store.load_quads(quads)

    def add(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles with their relations, all in one transaction."""
        self.ensure_ontology()
        return self.store.write_articles(items)

    def add_relations(self, relations: Iterable[Relation]) -> WriteReport:
        """Write relations, one article graph per distinct ``source``."""
        return self.add(group_by_source(relations))

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        strict: bool = False,
        on_file: Callable[[str, str | None], None] | None = None,
        batch: int = 1000,
        jobs: int = 1,
        dask: str | Extractor | None = None,
    ) -> IngestReport:
        """Read files or folders, extract where needed, and store what they say.

        Relation files (``.jsonl`` of ``kg extract`` records, ``.csv``) are loaded as
        they are; articles (``.txt``, ``.md``, ``.html``, RSS/Atom, ``.jsonl`` of
        articles) go through extraction. Each file is written whole or not at all. A
        bad file is recorded in ``report.failed`` and the rest go on, unless ``strict``,
        where the first bad file raises and nothing more is written.

        ``jobs`` > 1 extracts in that many worker processes (each loads Kiwi once);
        ``dask="tcp://HOST:PORT"`` (or ``"local"``) on a Dask cluster. Files are still
        written in the order given, by this process. The pipeline is
        :func:`kg.ingest.ingest`.
        """
        return ingest_files(
            self, paths, strict=strict, on_file=on_file, batch=batch, jobs=jobs, dask=dask
        )

    def load_rdf(self, path: str | os.PathLike[str]) -> int:
        """Load an RDF file as it is (``kg export`` output: N-Quads, TriG, Turtle, N-Triples),
        in one transaction; triples without a graph go to the graph named after the file."""
        quads = read_rdf(path)
        self.store.load_quads(quads)
        return len(quads)

    def flush(self) -> None:
        """Write what the store holds in memory to its files (an on-disk store)."""
        self.store.flush()

    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run SPARQL on the union of all graphs; keyword arguments bind variables."""
        if self.remote:
            return self.store.query(sparql, bindings)  # type: ignore[union-attr]
        return run_query(self.oxigraph, sparql, bindings)

    def query_serialized(
        self, sparql: str, fmt: str = "json", *, graph_format: str = "turtle", **bindings: Any
    ) -> tuple[bytes, str]:
        """Run SPARQL and serialise the result (see :func:`kg.query.run_query_serialized`)."""
        if self.remote:
            return self.store.query_serialized(sparql, fmt, bindings, graph_format=graph_format)  # type: ignore[union-attr]
        return run_query_serialized(self.oxigraph, sparql, fmt, bindings, graph_format=graph_format)

    def named(self, name: str, **bindings: Any) -> QueryResult:
        """Run one of the queries shipped in ``kg/queries`` by name."""
        return self.query(named_query(name), **bindings)

    @property
    def rdflib(self) -> rdflib.Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the same store (no copy).

        The default graph is the union of all graphs, as in :meth:`query`.
        """
        import rdflib
        from oxrdflib import OxigraphStore

        ds = rdflib.Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, iri in PREFIXES.items():
            ds.bind(prefix, iri, override=True)
        return ds

    def union_graph(self) -> rdflib.Graph:
        """A copy of the union of all graphs as an in-memory rdflib Graph (for pySHACL)."""
        import rdflib

        data = ox.serialize(self._union_triples(), format=ox.RdfFormat.N_TRIPLES) or b""
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def _union_triples(self) -> Any:
        if self.remote:
            return self.store.union_triples()  # type: ignore[union-attr]
        return self.oxigraph.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        )

    def export(self, out: str | os.PathLike[str] | IO[bytes], fmt: str = "turtle") -> None:
        """Write the graph: ``turtle``/``ntriples``/``jsonld`` (the union),
        ``nquads``/``trig`` (with the named graphs) or ``graphml`` (the city network)."""
        if fmt == "graphml":
            import networkx as nx

            # GraphML has no null: leave out attributes without a value.
            graph = nx.MultiGraph()
            source = self.networkx()
            graph.add_nodes_from(
                (n, {k: v for k, v in d.items() if v is not None})
                for n, d in source.nodes(data=True)
            )
            graph.add_edges_from(
                (a, b, k, {x: v for x, v in d.items() if v is not None})
                for a, b, k, d in source.edges(keys=True, data=True)
            )
            nx.write_graphml(graph, out)  # type: ignore[arg-type]
            return
        rdf_fmt = _RDF_FORMATS.get(fmt)
        if rdf_fmt is None:
            raise KGError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
        output: Any = str(out) if isinstance(out, (str, os.PathLike)) else out
        prefixes = dict(PREFIXES) if rdf_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        try:
            if self.remote:
                data = self.store.quads() if rdf_fmt.supports_datasets else self._union_triples()
                ox.serialize(data, output, format=rdf_fmt, prefixes=prefixes)
            elif rdf_fmt.supports_datasets and fmt != "jsonld":
                self.oxigraph.dump(output, format=rdf_fmt, prefixes=prefixes)
            elif fmt == "jsonld":
                self.oxigraph.dump(output, format=rdf_fmt)
            else:
                ox.serialize(self._union_triples(), output, format=rdf_fmt, prefixes=prefixes)
        except OSError as err:
            raise StoreError(f"{out}: cannot write the export: {_os_reason(err)}") from err

    def validate(self) -> tuple[bool, rdflib.Graph, str]:
        """Check the data against the SHACL shapes: ``(conforms, report_graph, report_text)``."""
        import rdflib
        from pyshacl import validate

        ont = rdflib.Graph()
        for path in ontology_files():
            ont.parse(path, format="turtle")
        shapes = rdflib.Graph().parse(shapes_file(), format="turtle")
        conforms, report, text = validate(
            self.union_graph(),
            shacl_graph=shapes,
            ont_graph=ont,
            inference="none",
            allow_warnings=True,
        )
        return bool(conforms), report, str(text)

    def stats(self) -> dict[str, Any]:
        """Counts: triples, articles, cities, relations by type and by status."""
        out: dict[str, Any] = {"triples": len(self)}
        counts = self.named("counts").values()[0]
        out.update({k: int(v or 0) for k, v in counts.items()})
        out["by_type"] = {r["type"]: int(r["n"] or 0) for r in self.named("count_by_type").values()}
        out["by_status"] = {
            r["status"]: int(r["n"] or 0) for r in self.named("count_by_status").values()
        }
        return out

    def networkx(self) -> nx.MultiGraph:
        """The city network as a networkx graph, rebuilt from the store (a view)."""
        from .analysis import to_networkx

        return to_networkx(self)

    def draw(self, path: str | os.PathLike[str], **options: Any) -> Path:
        """Write the interactive HTML view to ``path`` and return it."""
        from .viz import write_html

        return write_html(self.networkx(), path, **options)
