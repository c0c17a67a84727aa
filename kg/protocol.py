"""SPARQL 1.1 Protocol details: the query's dataset, its form, and content negotiation.

Shared by the embedded store, the remote store and ``kg serve``, so the three agree:

- **Dataset.** Without ``FROM``/``FROM NAMED`` in the query and without the protocol's
  ``default-graph-uri``/``named-graph-uri``, the default graph is the union of all graphs
  and every named graph is there for ``GRAPH``. With either, the dataset is exactly what
  they name (the protocol's parameters win over the query's clauses, as the protocol says).
- **Form.** ``SELECT``/``ASK`` give solutions, ``CONSTRUCT``/``DESCRIBE`` give a graph; the
  form decides which formats are on offer.
- **Negotiation.** ``format=``/``output=``/``results=`` (as SPARQLWrapper, Virtuoso and
  sparqler send them; short names or media types) win over ``Accept``; ``Accept`` is
  matched with its q-values by :mod:`mimeparse` (the most specific range decides a type's
  q, ``q=0`` refuses a type). Nothing acceptable: :class:`NotAcceptableError` (HTTP 406).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

__all__ = [
    "Dataset",
    "NotAcceptableError",
    "Choice",
    "has_dataset_clause",
    "query_form",
    "negotiate_query",
    "negotiate_rdf",
    "SOLUTION_TYPES",
    "GRAPH_TYPES",
]

#: Media types offered for SELECT and ASK, the server's preference first, with kg's names.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: Media types offered for CONSTRUCT and DESCRIBE (Turtle is also valid N3).
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/n3": "turtle",
    "text/rdf+n3": "turtle",
    "application/n3": "turtle",
    "text/plain": "ntriples",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
#: The media type each kg format name is answered with.
MEDIA_OF = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Short names in format=/output=, by form. SPARQLWrapper sends "xml" and "json" for a
# CONSTRUCT it wants as RDF/XML and JSON-LD, "n3" and "rdf" for Turtle and RDF/XML.
_SOLUTION_NAMES = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
}
_GRAPH_NAMES = {
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "jsonld": "jsonld",
    "json": "jsonld",
    "rdf+xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}
FORMAT_PARAMS = ("format", "output", "results")


class NotAcceptableError(Exception):
    """No format on offer is acceptable to the client (HTTP 406); the message lists them."""


@dataclass(frozen=True)
class Choice:
    """A negotiated format: kg's name for it and the media type of the answer."""

    name: str
    media_type: str


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset named by IRIs: the graphs merged into the default graph, and the
    named graphs. An empty tuple is an empty part; the union is ``None`` for both."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    @classmethod
    def from_protocol(
        cls, default: Iterable[str] | None, named: Iterable[str] | None
    ) -> Dataset | None:
        """The dataset of the ``default-graph-uri``/``named-graph-uri`` parameters, or
        ``None`` when neither is given (the query's own dataset, else the union, applies)."""
        d = tuple(x for x in default or () if x)
        n = tuple(x for x in named or () if x)
        if not d and not n:
            return None
        return cls(d, n)

    def oxigraph_options(self) -> dict[str, Any]:
        """Keyword arguments of :meth:`pyoxigraph.Store.query` that make this the dataset."""
        return {
            "default_graph": [ox.NamedNode(g) for g in self.default],
            "named_graphs": [ox.NamedNode(g) for g in self.named],
        }

    def protocol_params(self) -> list[tuple[str, str]]:
        """The protocol's parameters that ask a SPARQL server for this dataset."""
        return [("default-graph-uri", g) for g in self.default] + [
            ("named-graph-uri", g) for g in self.named
        ]


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_LOCAL = re.compile(r":[^\s{}();,.]*")


def sparql_tokens(q: str) -> Iterator[tuple[int, str]]:
    """Braces and bare words of a query with their positions; strings, IRIs, comments,
    variables and prefixed names skipped."""
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c == "#":
            j = q.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = c * 3 if q.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not q.startswith(quote, j):
                j += 2 if q[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(q, i)):
            i = m.end()
        elif c in "?$":
            m = _WORD.match(q, i + 1)
            i = m.end() if m else i + 1
        elif c.isalpha() or c == "_":
            m = _WORD.match(q, i)
            end = m.end() if m else i + 1
            if end < n and q[end] == ":":  # a prefixed name: skip its local part too
                m2 = _LOCAL.match(q, end)
                i = m2.end() if m2 else end + 1
                continue
            yield i, q[i:end].upper()
            i = end
        else:
            if c in "{}":
                yield i, c
            i += 1


def _words(sparql: str) -> Iterable[tuple[int, str]]:
    return sparql_tokens(sparql)


def has_dataset_clause(sparql: str) -> bool:
    """True when the query names its dataset (``FROM`` or ``FROM NAMED``).

    Strings, IRIs, comments and prefixed names do not count:

    >>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause("SELECT * WHERE { ?s ?p 'FROM' } # FROM")
    False
    """
    depth = 0
    for _, tok in _words(sparql):
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif tok == "FROM" and depth == 0:
            return True
    return False


def query_form(sparql: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe``; ``None`` if none is found (an
    update or text that is not SPARQL: the query engine then says what is wrong).

    >>> query_form("PREFIX a: <urn:a> # SELECT\\nCONSTRUCT WHERE { ?s a:p ?o }")
    'construct'
    """
    for _, tok in _words(sparql):
        if tok in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok.lower()
        if tok not in ("PREFIX", "BASE"):
            return None
    return None


def is_graph_form(form: str | None) -> bool:
    """True for the forms whose answer is a graph."""
    return form in ("construct", "describe")


def _split_values(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _accept_ranges(accept: str) -> str:
    """The header without the ranges mimeparse cannot read (no ``/``): a malformed part
    does not spoil the others."""
    parts = [p for p in accept.split(",") if "/" in p.split(";")[0]]
    return ",".join(parts)


def _best(offered: Sequence[str], accept: str) -> str | None:
    import mimeparse

    header = _accept_ranges(accept or "*/*")
    if not header.strip():
        header = "*/*"
    # mimeparse prefers the last of equally good types: offer in reverse preference.
    try:
        found = mimeparse.best_match(list(reversed(offered)), header)
    except (ValueError, mimeparse.MimeTypeParseException):
        return None
    return found or None


def negotiate_rdf(
    accept: str, offered: dict[str, str], format_values: Iterable[str] = ()
) -> Choice:
    """The format for an answer from the types ``offered`` (media type -> name), by
    ``format=`` values first (names or media types), then by ``Accept``.

    >>> negotiate_rdf("text/*;q=0.5, */*;q=0.1", GRAPH_TYPES).media_type
    'text/turtle'
    """
    asked = _split_values(format_values)
    for value in asked:
        low = value.lower()
        if low in offered:
            return Choice(offered[low], MEDIA_OF.get(offered[low], low))
        if low in offered.values():
            return Choice(low, MEDIA_OF.get(low, low))
    if asked:
        raise NotAcceptableError(
            f"format={', '.join(asked)} is not offered here; ask for one of {', '.join(offered)}"
        )
    media = _best(list(offered), accept)
    if media is None:
        raise NotAcceptableError(
            f"none of {accept!r} is offered here; ask for one of {', '.join(offered)}"
        )
    return Choice(offered[media], MEDIA_OF.get(offered[media], media))


def negotiate_query(form: str | None, accept: str, format_values: Iterable[str] = ()) -> Choice:
    """The answer's format for a query of ``form`` (see :func:`query_form`).

    >>> negotiate_query("select", "text/csv, application/sparql-results+json;q=0.5").name
    'csv'
    >>> negotiate_query("construct", "*/*", ["xml"]).media_type
    'application/rdf+xml'
    """
    graph = is_graph_form(form)
    offered = GRAPH_TYPES if graph else SOLUTION_TYPES
    names = _GRAPH_NAMES if graph else _SOLUTION_NAMES
    asked = _split_values(format_values)
    for value in asked:
        low = value.lower()
        if low in names:
            return Choice(names[low], MEDIA_OF[names[low]])
        if low in offered:
            return Choice(offered[low], MEDIA_OF[offered[low]])
    what = "a graph (CONSTRUCT, DESCRIBE)" if graph else "solutions (SELECT, ASK)"
    primary = [m for m in offered if MEDIA_OF[offered[m]] == m]
    if asked:
        raise NotAcceptableError(
            f"format={', '.join(asked)} cannot be given for {what}; use one of {', '.join(primary)}"
        )
    media = _best(list(offered), accept)
    if media is None:
        raise NotAcceptableError(
            f"Accept: {accept} admits no format offered for {what}; "
            f"ask for one of {', '.join(primary)}"
        )
    return Choice(offered[media], MEDIA_OF[offered[media]])
