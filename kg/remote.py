"""A store on a SPARQL 1.1 server: Graph Store HTTP Protocol for writes, SPARQL for reads.

:class:`RemoteStore` answers the same calls as :class:`kg.store.Store` (write articles,
load quads, query, list graphs), so a :class:`~kg.graph.KnowledgeGraph` opened on
``http://host:port/...`` works as on the embedded store:

- each article is ``PUT`` as its own named graph (``?graph=IRI``): replacing a graph with
  the same content is idempotent, so loading the same input twice changes nothing;
- the shared graphs (the cities) are merged with ``POST``;
- queries go to the query endpoint with the project's prefixes declared and the union of
  all graphs as the default graph; variables are bound with a ``VALUES`` block.

Every graph is named explicitly: nothing is written to a server's default graph, which
sidesteps the default-graph confusion of rdflib's ``SPARQLUpdateStore``.

Endpoint layouts (``layout``):

``oxigraph``
    ``BASE/query``, ``BASE/update``, ``BASE/store``; the union default graph is asked for
    per query with Oxigraph's ``union-default-graph`` parameter.
``fuseki``
    ``BASE/sparql``, ``BASE/update``, ``BASE/data`` where ``BASE`` is the dataset
    (``http://host:3030/ds``); the dataset must make its default graph the union of the
    named graphs (``tdb2:unionDefaultGraph true``), which is checked on open.
``endpoint``
    The URL is a query endpoint and nothing more (``kg serve``'s ``/sparql``, a public
    endpoint, Oxigraph's ``/query``): the store is read-only, and every reading command
    works on it. Its default graph must be the union of its named graphs, or it must take
    Oxigraph's ``union-default-graph`` parameter (tried on open).
``auto`` (default)
    ``oxigraph`` when the URL has no path; otherwise ``fuseki`` when ``URL/sparql``
    answers, ``endpoint`` when the URL itself answers a query, else ``oxigraph``.

The dataset: a query with ``FROM``/``FROM NAMED``, or a :class:`kg.protocol.Dataset`
(sent as ``default-graph-uri``/``named-graph-uri``), is sent without the union request,
so the server answers over the dataset it names.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import re
import threading
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .model import Article, Relation
from .namespaces import IC, PREFIXES, RELATIONS_GRAPH
from .protocol import Dataset, has_dataset_clause
from .protocol import sparql_tokens as _tokens
from .query import UNION_TRIPLES, QueryResult, _term, count, solution_rows
from .store import WriteReport, _canonical, _pairs_of, _recompute_ops, article_iri, article_quads

log = logging.getLogger(__name__)

__all__ = ["RemoteStore", "is_remote", "bind_values"]

LAYOUTS = {
    "oxigraph": ("query", "update", "store"),
    "fuseki": ("sparql", "update", "data"),
    "endpoint": ("", "", ""),
}
_JSON = ox.QueryResultsFormat.JSON
_NT = ox.RdfFormat.N_TRIPLES
_ACCEPT_ANY = "application/sparql-results+json, application/n-triples;q=0.9"
# All the prefixes on one line, so that a server's error position moves by exactly one line.
_PROLOGUE = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + "\n"
_OX_POS = re.compile(r"error at (\d+):(\d+):?\s*")
_JENA_POS = re.compile(r"line (\d+), column (\d+)")


def is_remote(location: object) -> bool:
    """True when a store location is the URL of a SPARQL server."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


class _Http:
    """One keep-alive HTTP connection per thread to one server."""

    def __init__(self, base: urllib.parse.SplitResult, timeout: float):
        self.base = base
        self.timeout = timeout
        self.local = threading.local()
        self._open: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.base.scheme == "https"
                else http.client.HTTPConnection
            )
            conn = cls(self.base.hostname or "localhost", self.base.port, timeout=self.timeout)
            self.local.conn = conn
            with self._lock:
                self._open.add(conn)
        return conn

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, bytes]:
        """Send a request; returns status, content type and body. Retries once on a dropped
        connection."""
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, url, body=body, headers=headers or {})
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, resp.getheader("Content-Type", ""), data
            except (ConnectionError, http.client.HTTPException) as err:
                conn.close()
                self.local.conn = None
                if attempt == 2 or isinstance(err, ConnectionRefusedError):
                    raise StoreError(
                        f"{self.base.geturl()}: cannot reach the SPARQL server: {err}"
                    ) from err
            except TimeoutError as err:
                conn.close()
                self.local.conn = None
                raise StoreError(
                    f"{self.base.geturl()}: the SPARQL server did not answer "
                    f"within {self.timeout:g} s"
                ) from err
            except OSError as err:
                conn.close()
                self.local.conn = None
                raise StoreError(
                    f"{self.base.geturl()}: cannot reach the SPARQL server: {err}"
                ) from err
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the connections of every thread."""
        with self._lock:
            conns, self._open = list(self._open), set()
        for conn in conns:
            conn.close()
        self.local.conn = None


class RemoteStore:
    """A kg store on a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, ...).

    Args:
        url: The server (``http://127.0.0.1:7878``) or, for Fuseki, the dataset
            (``http://127.0.0.1:3030/ds``).
        read_only: Refuse writes from this side.
        layout: ``auto``, ``oxigraph`` or ``fuseki`` (see the module docstring).
        query_endpoint: Full URL that overrides the layout's (so do ``update_endpoint``
            and ``store_endpoint``).
        union: How queries get the union of all graphs as default graph: ``param``
            (Oxigraph's ``union-default-graph`` parameter) or ``server`` (the server is
            configured so); by default ``param`` for the Oxigraph layout and ``server``
            otherwise.
        timeout: Seconds to wait for any one answer.
    """

    path = None
    remote = True

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        layout: str = "auto",
        query_endpoint: str | None = None,
        update_endpoint: str | None = None,
        store_endpoint: str | None = None,
        union: str | None = None,
        timeout: float = 300.0,
    ):
        self.url = url.rstrip("/")
        self.read_only = read_only
        # the bytes of the last solutions answered, only to quote in an error message (a
        # server's threads may overwrite it: the message then quotes another bad answer)
        self._last_answer = b""
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"{url}: not an http(s) URL of a SPARQL server")
        self._http = _Http(parts, timeout)
        if layout == "auto":
            layout = self._detect_layout(parts)
        if layout not in LAYOUTS:
            raise StoreError(
                f"unknown endpoint layout {layout!r}: use one of auto, {', '.join(LAYOUTS)}"
            )
        self.layout = layout
        q, u, s = LAYOUTS[layout]
        if layout == "endpoint":
            self.read_only = True
            self.query_endpoint = query_endpoint or self.url
            self.update_endpoint = self.store_endpoint = ""
        else:
            self.query_endpoint = query_endpoint or f"{self.url}/{q}"
            self.update_endpoint = update_endpoint or f"{self.url}/{u}"
            self.store_endpoint = store_endpoint or f"{self.url}/{s}"
        self.union = union or ("param" if layout == "oxigraph" else "server")
        if self.union not in ("param", "server"):
            raise StoreError(f"unknown union mode {self.union!r}: use param or server")
        if self.union == "server":
            try:
                self._check_union_default_graph()
            except StoreError:
                if layout != "endpoint" or union is not None or not self._takes_union_param():
                    self.close()
                    raise
                self.union = "param"
            except Exception:
                self.close()
                raise

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, layout={self.layout!r})"

    # --- plumbing -------------------------------------------------------------------

    def _detect_layout(self, parts: urllib.parse.SplitResult) -> str:
        if parts.path in ("", "/"):
            return "oxigraph"
        accept = {"Accept": "application/sparql-results+json"}
        ask = {"query": "ASK {}"}
        status, _, _ = self._http.request(
            "GET", self._target(f"{self.url}/sparql", ask), headers=accept
        )
        if status == 200:
            return "fuseki"
        status, ctype, _ = self._http.request("GET", self._target(self.url, ask), headers=accept)
        if status == 200 and "sparql-results" in ctype:
            return "endpoint"
        return "oxigraph"

    def _takes_union_param(self) -> bool:
        """True when the query endpoint answers Oxigraph's ``union-default-graph`` parameter
        with the union (a plain endpoint on an Oxigraph server)."""
        target = self._target(
            self.query_endpoint, {"union-default-graph": "", "query": "ASK { ?s ?p ?o }"}
        )
        status, _, data = self._http.request(
            "GET", target, headers={"Accept": "application/sparql-results+json"}
        )
        try:
            return status == 200 and json.loads(data).get("boolean") is True
        except ValueError:
            return False

    def _target(self, endpoint: str, params: dict[str, str] | None = None) -> str:
        """The request target (path and query string) of an endpoint URL with parameters."""
        p = urllib.parse.urlsplit(endpoint)
        query = p.query
        if params:
            query = "&".join(x for x in (query, urllib.parse.urlencode(params)) if x)
        return (p.path or "/") + (f"?{query}" if query else "")

    def _check_union_default_graph(self) -> None:
        named = self._ask("ASK { GRAPH ?g { ?s ?p ?o } }")
        if named and not self._ask("ASK { ?s ?p ?o }"):
            raise StoreError(
                f"{self.url}: the server's default graph is not the union of its named graphs; "
                "configure the dataset so (Fuseki: tdb2:unionDefaultGraph true), or use an "
                "Oxigraph server"
            )

    def _ask(self, sparql: str) -> bool:
        result = self._send_query(sparql, "application/sparql-results+json")
        return bool(result[1]) if isinstance(result[1], ox.QueryBoolean) else False

    def _send_query(
        self, sparql: str, accept: str = _ACCEPT_ANY, dataset: Dataset | None = None
    ) -> tuple[str, Any]:
        """POST a query; returns ("results", parsed results) or ("graph", triples).

        The union of all graphs is asked for unless the query (``FROM``) or ``dataset``
        names the dataset."""
        form: list[tuple[str, str]] = [("query", _PROLOGUE + sparql)]
        params = None
        if dataset is not None:
            form += dataset.protocol_params()
        elif self.union == "param" and not has_dataset_clause(sparql):
            params = {"union-default-graph": ""}
        body = urllib.parse.urlencode(form).encode("utf-8")
        status, ctype, data = self._http.request(
            "POST",
            self._target(self.query_endpoint, params),
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        if status != 200:
            raise _query_error(status, data, self.query_endpoint)
        media = ctype.split(";")[0].strip().lower()
        if media in ("text/html", "application/xhtml+xml"):
            raise _bad_answer(
                self.query_endpoint,
                "the server answered with an HTML page, not SPARQL results",
                data,
            )
        with _answer_checked(self.query_endpoint, data):
            if media in ("application/n-triples", "text/plain", "application/n-quads"):
                return "graph", list(ox.parse(data, format=_NT))
            if media in ("text/turtle", "application/x-turtle"):
                return "graph", list(ox.parse(data, format=ox.RdfFormat.TURTLE))
            fmt = {
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/tab-separated-values": ox.QueryResultsFormat.TSV,
            }.get(media, _JSON)
            parsed = ox.parse_query_results(data, format=fmt)
        if isinstance(parsed, ox.QuerySolutions):
            # Solutions are parsed as they are read: a truncated answer fails while they
            # are read, which happens in the callers (see _answer_checked there).
            self._last_answer = data
        return "results", parsed

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server (kg's prefixes declared)."""
        self._writable()
        status, _, data = self._http.request(
            "POST",
            self._target(self.update_endpoint),
            urllib.parse.urlencode({"update": _PROLOGUE + sparql}).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status not in (200, 204):
            raise StoreError(f"{self.update_endpoint}: update refused ({status}): {_text(data)}")

    def _graph_request(
        self, method: str, graph: str, triples: Iterable[ox.Triple] | None = None
    ) -> int:
        body = None
        headers = {}
        if triples is not None:
            body = ox.serialize(triples, format=_NT) or b""
            headers["Content-Type"] = "application/n-triples"
        status, _, data = self._http.request(
            method, self._target(self.store_endpoint, {"graph": graph}), body, headers
        )
        if status >= 400 and not (method == "DELETE" and status == 404):
            raise StoreError(
                f"{self.store_endpoint}: {method} of graph <{graph}> failed "
                f"({status}): {_text(data)}"
            )
        return status

    def _writable(self) -> None:
        if self.layout == "endpoint":
            raise StoreError(
                f"{self.url}: a query endpoint alone is read-only; to write, give the server's "
                "base URL (Oxigraph: http://host:7878, Fuseki: http://host:3030/DATASET)"
            )
        if self.read_only:
            raise StoreError(f"{self.url}: the store was opened read-only")

    # --- reading --------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        raise StoreError(
            f"{self.url}: a remote store has no local Oxigraph store; use query() instead"
        )

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run SPARQL on the server (union of all graphs, kg prefixes declared)."""
        kind, result = self._send_query(bind_values(sparql, bindings), dataset=dataset)
        if kind == "graph":
            return QueryResult("graph", ["subject", "predicate", "object"], [], triples=result)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", [], [], boolean=bool(result))
        with _answer_checked(self.query_endpoint, self._last_answer):
            names, rows = solution_rows(result)
        return QueryResult("select", names, rows)

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
        """Like :func:`kg.query.run_query_serialized`: written by Oxigraph's writers here, so
        the bytes are the same as on the embedded store."""
        from .query import serialize_result

        kind, result = self._send_query(bind_values(sparql, bindings), dataset=dataset)
        with _answer_checked(self.query_endpoint, self._last_answer):
            return serialize_result(result, kind == "graph", fmt, graph_format, output=output)

    def __len__(self) -> int:
        """Number of quads in the named graphs."""
        return count(self, "count_quads")

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        return count(self, "count_triples")

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))

    def has_graph(self, iri: str) -> bool:
        return bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(iri)}).boolean)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return self.has_graph(graph.value)

    def quads(self, graphs: Sequence[str] | None = None) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (or of the graphs given)."""
        values = ""
        if graphs is not None:
            if not graphs:
                return iter(())
            values = "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " } "
        # TSV parses about twice as fast as JSON here, and the solutions go straight to quads.
        _, solutions = self._send_query(
            f"SELECT ?s ?p ?o ?g WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} }}",
            "text/tab-separated-values, application/sparql-results+json;q=0.9",
        )
        answer = self._last_answer

        def read() -> Iterator[ox.Quad]:
            with _answer_checked(self.query_endpoint, answer):
                for r in solutions:
                    yield ox.Quad(r["s"], r["p"], r["o"], r["g"])

        return read()

    def union_triples(self) -> list[ox.Triple]:
        """The union of all named graphs as triples."""
        return self.query(UNION_TRIPLES).triples or []

    def dump(
        self, output: str | IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None
    ) -> None:
        """Serialise the store: a dataset format with its named graphs, else the union."""
        data = self.quads() if fmt.supports_datasets else self.union_triples()
        ox.serialize(data, output, format=fmt, prefixes=prefixes)

    # --- writing --------------------------------------------------------------------

    def write_articles(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """PUT each article's graph and merge the shared graphs (cities).

        An article stored with the same content is left as it is; one with different
        content is replaced whole (PUT). Unlike the embedded store, a batch is not one
        transaction: each article graph is replaced atomically on its own.
        """
        self._writable()
        seen: dict[str, list[ox.Quad]] = {}
        for article, relations in items:
            quads = article_quads(article, relations)
            seen.setdefault(article_iri(article).value, []).extend(quads)
        if not seen:
            return WriteReport()
        stored: dict[str, set[ox.Quad]] = defaultdict(set)
        for q in self.quads(list(seen)):
            stored[q.graph_name.value].add(q)  # type: ignore[union-attr]
        shared: dict[str, set[ox.Triple]] = defaultdict(set)
        to_put: list[tuple[str, list[ox.Triple]]] = []
        added = replaced = unchanged = quads_written = 0
        for iri, quads in seen.items():
            own = [q for q in quads if q.graph_name.value == iri]  # type: ignore[union-attr]
            for q in quads:
                if q.graph_name.value != iri:  # type: ignore[union-attr]
                    shared[q.graph_name.value].add(q.triple)  # type: ignore[union-attr]
            if iri in stored:
                if _canonical(stored[iri]) == _canonical(own):
                    unchanged += 1
                    continue
                replaced += 1
            else:
                added += 1
            to_put.append((iri, [q.triple for q in own]))
            quads_written += len(own)
        # Shared graphs first, so that no article names a city that is not described yet.
        for graph, merged in shared.items():
            self._graph_request("POST", graph, sorted(merged, key=str))
            quads_written += len(merged)
        evidence = str(IC.evidence)
        restate = {
            f"<{q.subject.value}>"  # type: ignore[union-attr]
            for iri, _ in to_put
            if iri in stored
            for q in (*stored[iri], *seen[iri])
            if q.predicate.value == evidence and q.graph_name.value == iri  # type: ignore[union-attr]
        }
        pairs = self._stored_pairs(restate)
        for iri, triples in to_put:
            self._graph_request("PUT", iri, triples)
        if restate:
            # A replaced article's relation facts are worked out again from what the
            # article graphs state now (the relations graph is shared).
            self.update(" ;\n".join(_recompute_ops(sorted(restate), sorted(pairs))))
            self.update(
                " ;\n".join(_recompute_ops([], sorted(pairs | self._stored_pairs(restate))))
            )
        return WriteReport(added=added, replaced=replaced, unchanged=unchanged, quads=quads_written)

    def _stored_pairs(self, relations: set[str]) -> set[tuple[str, str]]:
        """Pairs of parties of relations as the relations graph holds them now."""
        if not relations:
            return set()
        rows = self.query(
            f"SELECT ?r ?c WHERE {{ VALUES ?r {{ {' '.join(sorted(relations))} }} "
            f"GRAPH <{RELATIONS_GRAPH}> {{ ?r ic:party ?c }} }}"
        ).values()
        parties: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            parties[str(row["r"])].append(f"<{row['c']}>")
        return {pair for cities in parties.values() for pair in _pairs_of(cities)}

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Merge raw quads into their named graphs (one POST per graph)."""
        self._writable()
        by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise StoreError(
                    "a remote store takes named graphs only; name the graph of every quad"
                )
            by_graph[q.graph_name.value].append(q.triple)
        for graph, triples in by_graph.items():
            self._graph_request("POST", graph, triples)

    def remove_article(self, iri: str) -> bool:
        """Remove one article's graph; True if it was there."""
        self._writable()
        rows = self.query(
            f"SELECT DISTINCT ?r WHERE {{ GRAPH <{iri}> {{ ?r ic:evidence ?e }} }}"
        ).values()
        stated = {f"<{row['r']}>" for row in rows}
        pairs = self._stored_pairs(stated)
        if self._graph_request("DELETE", iri) == 404:
            return False
        if stated:
            self.update(" ;\n".join(_recompute_ops(sorted(stated), sorted(pairs))))
        return True

    def clear(self) -> None:
        """Drop every named graph (the default graph is left alone)."""
        self.update("DROP SILENT NAMED")

    def flush(self) -> None:
        return None

    def optimize(self) -> None:
        return None

    def close(self) -> None:
        self._http.close()


# --- binding variables with VALUES ------------------------------------------------------


def bind_values(sparql: str, bindings: Mapping[str, Any] | None) -> str:
    """Bind variables by a ``VALUES`` block at the start of the query's WHERE group.

    The protocol has no pre-binding (Oxigraph's ``substitutions``); a one-row ``VALUES``
    block joined with the WHERE pattern gives the same answers for the queries kg ships.
    A ``CONSTRUCT WHERE`` short form is written out in full first.

    >>> bind_values("SELECT ?a ?b WHERE { ?a ic:metWith ?b }", {"a": "https://x.org/c"})
    'SELECT ?a ?b WHERE { VALUES (?a) { (<https://x.org/c>) } ?a ic:metWith ?b }'
    """
    if not bindings:
        return sparql
    found = _where_group(sparql)
    if found is None:
        raise QueryError("cannot bind variables: the query has no WHERE group", syntax=False)
    start, end, short = found
    names = " ".join(f"?{k.lstrip('?$')}" for k in bindings)
    values = " ".join(str(_term(v)) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    if short:  # CONSTRUCT WHERE { P }  ->  CONSTRUCT { P } WHERE { VALUES ... P }
        body = sparql[start + 1 : end]
        head = sparql[:start]
        cut = head.upper().rfind("WHERE")
        return f"{head[:cut]}{{{body}}} WHERE {{{block}{body}}}{sparql[end + 1 :]}"
    return f"{sparql[: start + 1]}{block}{sparql[start + 1 :]}"


def _where_group(q: str) -> tuple[int, int, bool] | None:
    """Positions of the braces of the query's WHERE group, and whether it is the body of
    a ``CONSTRUCT WHERE`` short form."""
    depth = 0
    form = ""
    where = template_done = False
    start = -1
    short = False
    for pos, tok in _tokens(q):
        if tok == "{":
            if depth == 0 and start < 0:
                if where or form in ("SELECT", "ASK", "DESCRIBE") or template_done:
                    start, short = pos, form == "CONSTRUCT" and where and not template_done
                else:
                    template_done = form == "CONSTRUCT"
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0 and start >= 0:
                return start, pos, short
        elif depth == 0 and start < 0:
            if tok in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and not form:
                form = tok
            elif tok == "WHERE":
                where = True
    return None


def _text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace").strip()
    return text[:500] + ("..." if len(text) > 500 else "")


def _bad_answer(endpoint: str, what: str, data: bytes) -> StoreError:
    start = data[:80].decode("utf-8", errors="replace").replace("\n", " ")
    return StoreError(
        f"{endpoint}: {what} (it began {start!r}); nothing was "
        "read or changed. Check that --store names a SPARQL endpoint: an Oxigraph server's "
        "root URL, Fuseki's http://HOST:3030/DATASET, or a query endpoint such as another "
        "`kg serve`'s http://HOST:PORT/sparql"
    )


@contextlib.contextmanager
def _answer_checked(endpoint: str, data: bytes) -> Iterator[None]:
    """Turn a parse error of a server's answer (HTML, truncated JSON, broken TSV) into a
    :class:`StoreError` that names the endpoint and what to check."""
    try:
        yield
    except SyntaxError as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise _bad_answer(
            endpoint, f"the server's answer does not parse ({reason})", data
        ) from None


def _query_error(status: int, data: bytes, endpoint: str) -> Exception:
    text = _text(data)
    if status == 400:
        first = text.splitlines()[0] if text else "bad request"
        m = _OX_POS.search(first) or _JENA_POS.search(text)
        line = col = None
        if m:
            line, col = int(m.group(1)) - 1, int(m.group(2))  # the prologue took one line
            first = _OX_POS.sub("", first).strip()
        if len(first) > 300:
            first = first[:300] + "..."
        return QueryError(first, line=line, column=col)
    try:
        detail = json.loads(text).get("error", text)
    except (ValueError, AttributeError):
        detail = text
    return StoreError(f"{endpoint}: the SPARQL server answered {status}: {detail}")
