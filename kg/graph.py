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

import functools
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Unpack

import pyoxigraph as ox

from .backend import MEMORY, open_store
from .data import demo_paths, sample_path
from .errors import KGError
from .exports import EXPORT_FORMATS, export, export_format
from .ingest import Extractor, IngestReport, read_rdf
from .ingest import ingest as ingest_files
from .io import group_by_source
from .model import Article, Relation
from .namespaces import ONTOLOGY_GRAPH, PREFIXES, city_iri
from .query import QueryResult, named_query
from .store import QUOTE_BACKFILL, NotFreshError, Store, Undo, WriteReport
from .taxonomy import ontology_files, shapes_file

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset
    from rdflib import Graph as RdflibGraph

    from .backend import GraphStore
    from .viz import ViewOptions

log = logging.getLogger(__name__)

__all__ = [
    "KnowledgeGraph",
    "IngestReport",
    "EXPORT_FORMATS",
    "export_format",
    "MEMORY",
    "sample_path",
    "demo_paths",
    "city_node",
    "ontology_files",
    "shapes_file",
]


def city_node(key: str) -> ox.NamedNode:
    """The IRI of a city from its gazetteer key (``gn:1842485``), as the store writes it
    (:func:`kg.namespaces.city_iri`)."""
    return ox.NamedNode(city_iri(key))


_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
#: Raised when what the store writes changes without a change of the ontology files, so
#: that stores written before are worked out again (2: a pair edge per type and status).
_LAYOUT = 2


@functools.cache
def _ontology_digest() -> str:
    h = hashlib.sha256(f"layout {_LAYOUT}\n".encode())
    for path in ontology_files():
        h.update(path.read_bytes())
    return "sha256:" + h.hexdigest()


class KnowledgeGraph:
    """A knowledge graph of inter-city relations on an Oxigraph store.

    Args:
        path: Folder of the on-disk store, created when missing; ``None`` or
            ``":memory:"`` for a store in memory; the URL of a SPARQL 1.1 server
            (``http://127.0.0.1:7878``, a Fuseki dataset ``http://host:3030/ds``) for a
            :class:`kg.remote.RemoteStore`; or a store (:class:`kg.backend.GraphStore`).
        read_only: Open an existing on-disk store for reading only (queries, export,
            drawing).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | GraphStore | None = None,
        *,
        read_only: bool = False,
    ):
        self.store: GraphStore = open_store(path, read_only=read_only)
        self._ontology_current = False
        if not read_only and not self.store.remote and self.store.has_graph(str(ONTOLOGY_GRAPH)):
            self.ensure_ontology()  # a store written by an older kg is brought up to date

    @property
    def remote(self) -> bool:
        """True when the graph lives on a SPARQL server rather than in Oxigraph here."""
        return self.store.remote

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
        """Load the ontology and relation scheme into their own graph, as this kg ships them.

        The graph carries the digest of the files it was loaded from. A store written by
        another version of kg gets the ontology of this one, and its relations graph is
        worked out again from the articles (the pair edges the ontology describes may
        have changed), once.
        """
        if self._ontology_current or self.store.read_only:
            return
        g = ox.NamedNode(str(ONTOLOGY_GRAPH))
        stamp = ox.Quad(g, _IDENTIFIER, ox.Literal(_ontology_digest()), g)
        present = self.store.has_graph(g.value)
        ask = f"ASK {{ GRAPH {g} {{ {g} {_IDENTIFIER} {stamp.object} }} }}"
        if present and self.query(ask).boolean:
            self._ontology_current = True
            return
        quads = [stamp]
        for path in ontology_files():
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
        if present:
            log.warning("the store was written by another version of kg: updating its ontology")
            self.store.update(f"DROP SILENT GRAPH {g}")
        self.store.load_quads(quads)
        # Evidence nodes written before ic:quote existed get it (the listings read it).
        self.store.update(QUOTE_BACKFILL)
        rebuild = getattr(self.store, "rebuild_relations", None)
        if present and rebuild is not None:
            log.warning("working its relations graph out again from the articles (once)")
            rebuild()
        self._ontology_current = True

    def add(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles with their relations, all in one transaction."""
        self.ensure_ontology()
        return self.store.write_articles(items)

    @property
    def provisional_writes(self) -> bool:
        """True when :meth:`add_provisional` and :meth:`retract` work here (the embedded
        store; a SPARQL server has no way to take a write back exactly)."""
        return isinstance(self.store, Store)

    def add_provisional(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles only where that adds to the store (new articles, relations nobody
        decided about), else raise :class:`kg.store.NotFreshError` and write nothing; the
        report's ``undo`` is what :meth:`retract` takes out again."""
        self.ensure_ontology()
        if not isinstance(self.store, Store):
            raise NotFreshError(f"{self.store} cannot take a write back")
        return self.store.write_articles(items, provisional=True)

    def retract(self, undos: Sequence[Undo]) -> None:
        """Take provisional writes out again (:meth:`add_provisional`), in one transaction."""
        if not isinstance(self.store, Store):
            raise NotFreshError(f"{self.store} cannot take a write back")
        self.store.retract(undos)

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
        compact: bool | None = None,
    ) -> IngestReport:
        """Read files or folders, extract where needed, and store what they say, each file
        whole or not at all; ``jobs`` > 1 extracts in worker processes, ``dask``
        (``"tcp://HOST:PORT"`` or ``"local"``) on a Dask cluster; ``compact`` compacts
        the store after (None: when more than ``batch`` articles were written) (see
        :func:`kg.ingest.ingest`, the pipeline)."""
        return ingest_files(
            self,
            paths,
            strict=strict,
            on_file=on_file,
            batch=batch,
            jobs=jobs,
            dask=dask,
            compact=compact,
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

    def optimize(self) -> None:
        """Compact an on-disk store's files (done by :meth:`ingest` after several batches)."""
        self.store.optimize()

    def query(self, sparql: str, **bindings: Any) -> QueryResult:
        """Run SPARQL on the union of all graphs; keyword arguments bind variables."""
        return self.store.query(sparql, bindings)

    def query_serialized(
        self,
        sparql: str,
        fmt: str = "json",
        *,
        graph_format: str = "turtle",
        output: IO[bytes] | None = None,
        **bindings: Any,
    ) -> tuple[bytes, str]:
        """Run SPARQL and serialise the result (see :func:`kg.query.run_query_serialized`);
        with ``output``, written there as it is read (the bytes returned are empty)."""
        return self.store.query_serialized(
            sparql, fmt, bindings, graph_format=graph_format, output=output
        )

    def named(self, name: str, **bindings: Any) -> QueryResult:
        """Run one of the queries shipped in ``kg/queries`` by name."""
        return self.query(named_query(name), **bindings)

    @property
    def rdflib(self) -> Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the same store (no copy).

        The default graph is the union of all graphs, as in :meth:`query`.
        """
        import rdflib
        from oxrdflib import OxigraphStore

        ds = rdflib.Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, iri in PREFIXES.items():
            ds.bind(prefix, iri, override=True)
        return ds

    def union_graph(self) -> RdflibGraph:
        """A copy of the union of all graphs as an in-memory rdflib Graph (for pySHACL)."""
        import rdflib

        data = ox.serialize(self.store.union_triples(), format=ox.RdfFormat.N_TRIPLES) or b""
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def export(self, out: str | os.PathLike[str] | IO[bytes], fmt: str | None = None) -> None:
        """Write the graph in ``fmt`` (guessed from the file's extension when not given):
        RDF, the city network for Gephi and yEd, or the relation records as CSV; a file
        is written whole or not at all (see :func:`kg.exports.export`)."""
        export(self, out, fmt)

    def validate(self) -> tuple[bool, RdflibGraph, str]:
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

    # --- the relations back, and a person's decisions about them -------------------

    def relations(
        self,
        city: str | None = None,
        type: str | None = None,  # noqa: A002 - the public keyword
        status: str | None = None,
        since: str | None = None,
    ) -> list[Relation]:
        """The stored relations as :class:`~kg.model.Relation` objects, one per relation
        and article that states it (see :func:`kg.readback.relations`)."""
        from .readback import relations

        return relations(self, city=city, type=type, status=status, since=since)

    def to_dataframe(self, **filters: Any) -> Any:
        """The relations as a pandas DataFrame, one row per relation (needs pandas)."""
        from .readback import to_dataframe

        return to_dataframe(self, **filters)

    def review(self, **filters: Any) -> list[Any]:
        """Relations to check, lowest confidence first, with evidence and sources."""
        from .readback import review_rows

        return review_rows(self, **filters)

    def decide(
        self, relation: str, action: str, *, by: str | None = None, why: str = "", **change: Any
    ) -> Any:
        """Record a decision (``reject``, ``confirm``, ``correct`` with ``type``, ``status``
        or ``date``) about a relation named by its IRI or review id, in the curation graph."""
        import getpass

        from .readback import find_relation
        from .store import Store

        if not isinstance(self.store, Store):
            raise KGError("decisions are recorded on the embedded store; open it by path")
        iri = find_relation(self, relation)
        who = by or os.environ.get("KG_USER") or getpass.getuser()
        try:
            return self.store.curate(iri, action, by=who, why=why, **change)
        except ValueError as err:
            raise KGError(str(err)) from err

    def reject(self, relation: str, *, by: str | None = None, why: str = "") -> Any:
        """Reject a relation: every view, query and export leaves it out."""
        return self.decide(relation, "reject", by=by, why=why)

    def confirm(self, relation: str, *, by: str | None = None, why: str = "") -> Any:
        """Confirm a relation (and undo an earlier reject or correction)."""
        return self.decide(relation, "confirm", by=by, why=why)

    def correct(self, relation: str, *, by: str | None = None, why: str = "", **change: Any) -> Any:
        """Correct a relation's ``type``, ``status`` or ``date``."""
        return self.decide(relation, "correct", by=by, why=why, **change)

    def networkx(self) -> nx.MultiGraph:
        """The city network as a networkx graph, rebuilt from the store (a view)."""
        from .analysis import to_networkx

        return to_networkx(self)

    def draw(self, path: str | os.PathLike[str], **options: Unpack[ViewOptions]) -> Path:
        """Write the interactive HTML view to ``path`` and return it; the options
        (:class:`kg.viz.ViewOptions`: labels, layout, title, city, types, statuses, since,
        until, max_relations) are :func:`kg.viz.draw`'s."""
        from .viz import draw_store

        return draw_store(self, path, **options)
