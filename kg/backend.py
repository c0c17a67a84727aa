"""The store interface: what the front class and the server need from a store.

Two stores implement it: :class:`kg.store.Store` (Oxigraph, embedded, in memory or on
disk) and :class:`kg.remote.RemoteStore` (a SPARQL 1.1 server). Code above the stores
(:class:`kg.KnowledgeGraph`, :mod:`kg.server`) is written against :class:`GraphStore`
and never asks which one it has.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .model import Article, Relation
    from .protocol import Dataset
    from .query import QueryResult
    from .store import WriteReport

__all__ = ["GraphStore", "MEMORY", "open_store"]


class GraphStore(Protocol):
    """A quad store holding kg's graphs: one named graph per article, shared graphs for
    cities and the ontology; queries see the union of all graphs."""

    #: True when the store refuses writes.
    read_only: bool
    #: True when the store is on a SPARQL server, not in this process.
    remote: bool

    # --- reading --------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run SPARQL on the union of all graphs (kg's prefixes declared), or on the
        protocol's ``dataset`` when given."""
        ...

    def query_serialized(
        self,
        sparql: str,
        fmt: str = "json",
        bindings: Mapping[str, Any] | None = None,
        *,
        graph_format: str = "turtle",
        dataset: Dataset | None = None,
        output: IO[bytes] | None = None,
    ) -> tuple[bytes, str]:
        """Run SPARQL and serialise the answer: the bytes and their media type (or, with
        ``output``, written there as it is read; the bytes are then empty)."""
        ...

    def __len__(self) -> int:
        """Number of quads in the named graphs."""
        ...

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        ...

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def has_graph(self, iri: str) -> bool:
        """True when the named graph ``iri`` holds a quad."""
        ...

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        ...

    def union_triples(self) -> Iterable[ox.Triple]:
        """The union of all named graphs, as triples."""
        ...

    def dump(
        self, output: str | IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None
    ) -> None:
        """Serialise the store: with its named graphs for a dataset format (N-Quads, TriG,
        JSON-LD), else the union of all graphs."""
        ...

    @property
    def oxigraph(self) -> ox.Store:
        """The Oxigraph store underneath (StoreError on a store that has none here)."""
        ...

    # --- writing --------------------------------------------------------------------

    def write_articles(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles with their relations; an unchanged article is left as it is."""
        ...

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Merge quads into their named graphs."""
        ...

    def remove_article(self, iri: str) -> bool:
        """Remove one article's graph; True if it was there."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (kg's prefixes declared)."""
        ...

    def flush(self) -> None:
        """Write what the store holds in memory to its files (nothing for most stores)."""
        ...

    def optimize(self) -> None:
        """Compact the store's files after a large write (nothing for most stores)."""
        ...

    def close(self) -> None:
        """Release the store (its lock, its connections)."""
        ...


#: The store location that means a throw-away store in memory.
MEMORY = ":memory:"


def open_store(
    location: str | os.PathLike[str] | GraphStore | None, *, read_only: bool = False
) -> GraphStore:
    """The store at ``location``: a store as it is, a SPARQL server's URL, ``None`` or
    ``":memory:"`` for a store in memory, else the folder of an on-disk store."""
    from .remote import RemoteStore, is_remote
    from .store import Store

    if location is None or (isinstance(location, str) and location == MEMORY):
        return Store(None)  # a store in memory starts empty: reading only would hold nothing
    if isinstance(location, (str, os.PathLike)):
        if is_remote(location):
            return RemoteStore(str(location), read_only=read_only)
        return Store(location, read_only=read_only)
    return location
