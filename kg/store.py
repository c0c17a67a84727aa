"""The RDF store: the only place that turns model objects into quads and writes them.

One named graph per article (its IRI is the article's IRI), city descriptions in a
shared graph, deterministic IRIs throughout, so loading the same input twice changes
nothing. Each write is one Oxigraph transaction: an article is wholly in or wholly out.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .errors import StoreError
from .model import Article, City, Official, Relation, RelationType, Status
from .namespaces import (
    ARTICLE,
    CITIES_GRAPH,
    CITY,
    EVIDENCE,
    GEO,
    GN,
    GNO,
    IC,
    OA,
    OFFICIAL,
    ORGANIZATION,
    RELATION,
    SCHEMA,
    SEM,
    STATUS,
    TYPE,
    city_iri,
    digest,
    safe_iri,
)
from .protocol import Dataset
from .query import UNION_TRIPLES, QueryResult, count, run_query, run_query_serialized, run_update
from .taxonomy import taxonomy

log = logging.getLogger(__name__)

__all__ = [
    "Store",
    "default_store_path",
    "article_iri",
    "relation_iri",
    "article_quads",
    "SHORTCUTS",
]


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# Quads are built as N-Quads text: a quad is a tuple of four terms in N-Triples syntax,
# and Oxigraph parses them (in Rust, outside the GIL) when they are written. Building
# pyoxigraph term objects one by one cost about as much as Oxigraph's write itself.
Term = str
QuadText = tuple[Term, Term, Term, Term]


def _iri(value: object) -> Term:
    """An IRI as an N-Triples term; characters an IRI cannot hold are percent-encoded."""
    return f"<{safe_iri(str(value))}>"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _lit(text: str, suffix: str = "") -> Term:
    """A literal as an N-Triples term; ``suffix`` is ``@lang`` or ``^^<datatype>``."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


def _value(term: Term) -> str:
    """The IRI inside an IRI term."""
    return term[1:-1]


# Vocabulary as N-Triples terms, built once.
_A = _iri(RDF.type)
_LABEL = _iri(RDFS.label)
_ALT = _iri(SKOS.altLabel)
_SAME_AS = _iri(OWL.sameAs)
_CITY_CLASS = _iri(SCHEMA.City)
_NEWS = _iri(SCHEMA.NewsArticle)
_PERSON = _iri(SCHEMA.Person)
_RELATION = _iri(IC.Relation)
_EVENT = _iri(SEM.Event)
_OFFICIAL = _iri(IC.Official)
_EVIDENCE = _iri(IC.Evidence)
_ANNOTATION = _iri(OA.Annotation)
_SPECIFIC = _iri(OA.SpecificResource)
_ORGANIZATION = _iri(SCHEMA.Organization)
_QUOTE = _iri(OA.TextQuoteSelector)
_POSITION = _iri(OA.TextPositionSelector)
_DOUBLE = "^^" + _iri(XSD.double)
_DECIMAL = "^^" + _iri(XSD.decimal)
_INTEGER = "^^" + _iri(XSD.integer)
_ANYURI = "^^" + _iri(XSD.anyURI)
_DATE_TYPES = {10: "^^" + _iri(XSD.date), 7: "^^" + _iri(XSD.gYearMonth), 4: "^^" + _iri(XSD.gYear)}
_PRECISION = {10: _lit("day"), 7: _lit("month"), 4: _lit("year")}
_TYPE_IRI = {t: _iri(TYPE[t.value]) for t in RelationType}
_STATUS_IRI = {s: _iri(STATUS[s.value]) for s in Status}

#: Symmetric shortcut edge written between the parties of an active relation of a type
#: (``ic:shortcutProperty`` in ``relations.ttl``).
SHORTCUTS: dict[RelationType, str] = {
    RelationType(t.code): t.shortcut for t in taxonomy().types if t.shortcut is not None
}
_SHORTCUT_IRI = {t: _iri(p) for t, p in SHORTCUTS.items()}
_RELATED = _iri(IC.relatedTo)

_ARTICLE_NS, _CITY_NS, _RELATION_NS = str(ARTICLE), str(CITY), str(RELATION)
_EVIDENCE_NS, _OFFICIAL_NS, _GN_NS = str(EVIDENCE), str(OFFICIAL), str(GN)
_ORGANIZATION_NS = str(ORGANIZATION)
_CITIES_GRAPH = _iri(CITIES_GRAPH)

_digest = digest


def default_store_path() -> Path:
    """Where the embedded store lives when neither ``--store`` nor ``KG_STORE`` says.

    ``$XDG_DATA_HOME/kg/store``, else ``~/.local/share/kg/store``.
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "kg" / "store"


@lru_cache(maxsize=65536)
def _city_term(key: str) -> Term:
    return f"<{city_iri(key)}>"


def _article_term(article: Article) -> Term:
    if article.url:
        return _iri(_ARTICLE_NS + "u" + _digest(article.url))
    if article.text:
        return _iri(_ARTICLE_NS + "t" + _digest(article.text))
    return _iri(_ARTICLE_NS + "s" + _digest(article.source))


def article_iri(article: Article) -> ox.NamedNode:
    """An article's IRI: from its URL where known, else its text, else its source name."""
    return ox.NamedNode(_value(_article_term(article)))


def _relation_term(relation: Relation) -> Term:
    type_, status, keys, date = relation.identity
    return _iri(_RELATION_NS + _digest(type_, status, *keys, date or ""))


def relation_iri(relation: Relation) -> ox.NamedNode:
    """A relation's IRI from its type, status, sorted parties and date."""
    return ox.NamedNode(_value(_relation_term(relation)))


# Predicates of article and city quads, built once (rdflib namespace lookups are slow).
_DCTERMS_SOURCE = _iri(DCTERMS.source)
_GEO_LAT = _iri(GEO.lat)
_GEO_LONG = _iri(GEO.long)
_IC_CONFIDENCE = _iri(IC.confidence)
_GN_COUNTRYCODE = _iri(GNO.countryCode)
_IC_DATEPRECISION = _iri(IC.datePrecision)
_IC_EVIDENCE = _iri(IC.evidence)
_IC_OFFICIAL = _iri(IC.official)
_IC_PARTY = _iri(IC.party)
_IC_RELATIONTYPE = _iri(IC.relationType)
_IC_REPRESENTSCITY = _iri(IC.representsCity)
_IC_ROLE = _iri(IC.role)
_IC_STATUS = _iri(IC.status)
_OA_END = _iri(OA.end)
_OA_EXACT = _iri(OA.exact)
_OA_HASSELECTOR = _iri(OA.hasSelector)
_OA_HASSOURCE = _iri(OA.hasSource)
_OA_HASBODY = _iri(OA.hasBody)
_OA_HASTARGET = _iri(OA.hasTarget)
_OA_MOTIVATEDBY = _iri(OA.motivatedBy)
_OA_IDENTIFYING = _iri(OA.identifying)
_OA_START = _iri(OA.start)
_PROV_WASDERIVEDFROM = _iri(PROV.wasDerivedFrom)
_SCHEMA_DATEPUBLISHED = _iri(SCHEMA.datePublished)
_SCHEMA_HEADLINE = _iri(SCHEMA.headline)
_SCHEMA_INLANGUAGE = _iri(SCHEMA.inLanguage)
_SCHEMA_NAME = _iri(SCHEMA.name)
_SCHEMA_PUBLISHER = _iri(SCHEMA.publisher)
_SCHEMA_URL = _iri(SCHEMA.url)
_SEM_HASPLACE = _iri(SEM.hasPlace)
_SEM_HASTIMESTAMP = _iri(SEM.hasTimeStamp)


def _city_quads(city: City, g: Term) -> list[QuadText]:
    """The quads that describe one city: type, labels, country, GeoNames match, position."""
    s = _city_term(city.key)
    quads = [(s, _A, _CITY_CLASS, g)]
    add = quads.append
    names: set[str] = set()
    if city.name_ko:
        add((s, _LABEL, _lit(city.name_ko, "@ko"), g))
        names.add(city.name_ko)
    if city.name:
        lang = "ko" if (not city.name_ko and _is_hangul(city.name)) else "en"
        if not (lang == "ko" and city.name_ko):
            add((s, _LABEL, _lit(city.name, "@" + lang), g))
        names.add(city.name)
    for alt in city.alt_names:
        if alt and alt not in names:
            names.add(alt)
            add((s, _ALT, _lit(alt), g))
    if city.country:
        add((s, _GN_COUNTRYCODE, _lit(city.country.upper()), g))
    if city.geonames is not None:
        add((s, _SAME_AS, _iri(f"{_GN_NS}{city.geonames}/"), g))
    if city.lat is not None and city.lon is not None:
        add((s, _GEO_LAT, _lit(repr(float(city.lat)), _DOUBLE), g))
        add((s, _GEO_LONG, _lit(repr(float(city.lon)), _DOUBLE), g))
    return quads


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _official_term(official: Official) -> Term:
    return _iri(_OFFICIAL_NS + _digest(official.name, official.role, official.city.key if official.city else ""))


def nquads(quads: Iterable[QuadText]) -> bytes:
    """Quads as an N-Quads document."""
    return "".join([f"{s} {p} {o} {g} .\n" for s, p, o, g in quads]).encode("utf-8")


def to_quads(quads: Iterable[QuadText]) -> list[ox.Quad]:
    """Quads as pyoxigraph objects (parsed by Oxigraph)."""
    return list(ox.parse(nquads(quads), format=ox.RdfFormat.N_QUADS))


def article_quads(article: Article, relations: Sequence[Relation]) -> list[ox.Quad]:
    """Every quad one article contributes: its own graph, plus its cities' descriptions.

    Pure: the same article and relations give the same quads, in the same order.
    """
    quads, cities = _article_graph_quads(article, relations)
    for key in sorted(cities):
        quads.extend(_city_quads(cities[key], _CITIES_GRAPH))
    return to_quads(quads)


def _article_graph_quads(article: Article, relations: Sequence[Relation]) -> tuple[list[QuadText], dict[str, City]]:
    """The quads of an article's own graph, and the cities it names (by key)."""
    g = _article_term(article)
    quads: list[QuadText] = [(g, _A, _NEWS, g)]
    add = quads.append
    if article.url:
        add((g, _SCHEMA_URL, _lit(article.url, _ANYURI), g))
    if article.title:
        add((g, _SCHEMA_HEADLINE, _lit(article.title), g))
    if article.published:
        add((g, _SCHEMA_DATEPUBLISHED, _lit(article.published, _DATE_TYPES.get(len(article.published), _DATE_TYPES[10])), g))
    if article.publisher:
        # schema:publisher's range is an Organization: a node named by the outlet's name.
        org = _iri(_ORGANIZATION_NS + _digest(article.publisher))
        add((g, _SCHEMA_PUBLISHER, org, g))
        add((org, _A, _ORGANIZATION, g))
        add((org, _SCHEMA_NAME, _lit(article.publisher), g))
    if article.lang:
        add((g, _SCHEMA_INLANGUAGE, _lit(article.lang), g))
    add((g, _DCTERMS_SOURCE, _lit(article.source), g))

    cities: dict[str, City] = {}
    for rel in relations:
        r = _relation_term(rel)
        add((r, _A, _RELATION, g))
        add((r, _A, _EVENT, g))
        add((r, _IC_RELATIONTYPE, _TYPE_IRI[rel.type], g))
        add((r, _IC_STATUS, _STATUS_IRI[rel.status], g))
        add((r, _PROV_WASDERIVEDFROM, g, g))
        parties = [_city_term(c.key) for c in rel.cities]
        for c, node in zip(rel.cities, parties, strict=True):
            cities.setdefault(c.key, c)
            add((r, _IC_PARTY, node, g))
        active = rel.status is Status.ACTIVE
        shortcut = _SHORTCUT_IRI[rel.type]
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                add((a, _RELATED, b, g))
                add((b, _RELATED, a, g))
                if active:
                    add((a, shortcut, b, g))
                    add((b, shortcut, a, g))
        if rel.date:
            add((r, _SEM_HASTIMESTAMP, _lit(rel.date, _DATE_TYPES[len(rel.date)]), g))
            add((r, _IC_DATEPRECISION, _PRECISION[len(rel.date)], g))
        if rel.place is not None:
            cities.setdefault(rel.place.key, rel.place)
            add((r, _SEM_HASPLACE, _city_term(rel.place.key), g))
        for off in rel.officials:
            o = _official_term(off)
            add((r, _IC_OFFICIAL, o, g))
            add((o, _A, _OFFICIAL, g))
            add((o, _A, _PERSON, g))
            add((o, _SCHEMA_NAME, _lit(off.name), g))
            add((o, _IC_ROLE, _lit(off.role), g))
            if off.city is not None:
                cities.setdefault(off.city.key, off.city)
                add((o, _IC_REPRESENTSCITY, _city_term(off.city.key), g))
        ev = rel.evidence
        e_iri = _EVIDENCE_NS + _digest(_value(r), _value(g), str(ev.start) if ev else "", str(ev.end) if ev else "")
        e = _iri(e_iri)
        # A Web Annotation: its body the relation, its target the span of the article.
        target = _iri(e_iri + "#target")
        add((r, _IC_EVIDENCE, e, g))
        add((e, _A, _EVIDENCE, g))
        add((e, _A, _ANNOTATION, g))
        add((e, _OA_MOTIVATEDBY, _OA_IDENTIFYING, g))
        add((e, _OA_HASBODY, r, g))
        add((e, _OA_HASTARGET, target, g))
        add((target, _A, _SPECIFIC, g))
        add((target, _OA_HASSOURCE, g, g))
        add((e, _IC_CONFIDENCE, _lit(f"{rel.confidence:.3f}", _DECIMAL), g))
        if ev is not None:
            quote, pos = _iri(e_iri + "#quote"), _iri(e_iri + "#position")
            add((target, _OA_HASSELECTOR, quote, g))
            add((quote, _A, _QUOTE, g))
            add((quote, _OA_EXACT, _lit(ev.text), g))
            add((target, _OA_HASSELECTOR, pos, g))
            add((pos, _A, _POSITION, g))
            add((pos, _OA_START, _lit(str(ev.start), _INTEGER), g))
            add((pos, _OA_END, _lit(str(ev.end), _INTEGER), g))
    return quads, cities


@dataclass(frozen=True)
class WriteReport:
    """What one write did: articles added, replaced or unchanged, and quads added."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    quads: int = 0


class Store:
    """An Oxigraph store in memory (``path=None``) or on disk, kg's single source of truth.

    >>> s = Store()
    >>> len(s)
    0
    """

    remote = False

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # Fingerprints of the city descriptions this object has written (see write_articles).
        self._described: set[tuple[object, ...]] = set()
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"{self.path}: no kg store here (run `kg ingest` or `kg demo` first, "
                        "or name another with --store / KG_STORE)"
                    )
                self._ox = ox.Store.read_only(str(self.path))
            else:
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(
                        f"{self.path}: is a file, not a store folder (name a folder with "
                        "--store or KG_STORE)"
                    )
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._ox = ox.Store(str(self.path))
                # Files of a bulk write that a killed process left behind: never part of
                # the store (RocksDB adds a copy, all at once); the open store's lock
                # says no other process is writing them now.
                for leftover in self.path.glob("bulk-*.sst"):
                    leftover.unlink(missing_ok=True)
        except OSError as err:
            raise StoreError(f"{self.path}: cannot open the store: {_os_reason(err)}") from err
        except RuntimeError as err:  # RocksDB's "Corruption: ..." (a damaged disk, a bad copy)
            reason = str(err).split("\n")[0]
            if len(reason) > 300:
                reason = reason[:300] + "..."
            raise StoreError(
                f"{self.path}: the store is damaged and cannot be opened ({reason}); nothing was "
                "changed. Restore it from a copy or a `kg export`, or build it again with `kg ingest`"
            ) from err

    # --- reading ------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`, for heavy paths (bulk load, dump)."""
        return self._ox

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run SPARQL on the union of all graphs (see :func:`kg.query.run_query`)."""
        return run_query(self._ox, sparql, dict(bindings or {}), dataset=dataset)

    def query_serialized(
        self,
        sparql: str,
        fmt: str = "json",
        bindings: Mapping[str, Any] | None = None,
        *,
        graph_format: str = "turtle",
        dataset: Dataset | None = None,
    ) -> tuple[bytes, str]:
        """Run SPARQL and serialise the answer (see :func:`kg.query.run_query_serialized`)."""
        return run_query_serialized(
            self._ox, sparql, fmt, dict(bindings or {}), graph_format=graph_format, dataset=dataset
        )

    def __len__(self) -> int:
        """Number of quads (every graph, cities included)."""
        return count(self, "count_quads")

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        return count(self, "count_triples")

    def union_triples(self) -> Iterable[ox.Triple]:
        """The union of all named graphs, as triples (streamed from Oxigraph)."""
        result = self._ox.query(UNION_TRIPLES)
        assert isinstance(result, ox.QueryTriples)
        return result

    def dump(
        self, output: str | IO[bytes], fmt: ox.RdfFormat, prefixes: dict[str, str] | None
    ) -> None:
        """Serialise the store: a dataset format with its named graphs, else the union."""
        if fmt == ox.RdfFormat.JSON_LD:
            self._ox.dump(output, format=fmt)
        elif fmt.supports_datasets:
            self._ox.dump(output, format=fmt, prefixes=prefixes)
        else:
            ox.serialize(self.union_triples(), output, format=fmt, prefixes=prefixes)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, iri: str) -> bool:
        """True when the store holds the named graph ``iri``."""
        return self._ox.contains_named_graph(ox.NamedNode(iri))

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store."""
        return iter(self._ox.quads_for_pattern(None, None, None, None))

    # --- writing ------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: the store was opened read-only")

    def write_articles(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles with their relations, all or nothing for the whole batch.

        An article already stored with the same content is left as it is; one stored with
        different content is replaced. Nothing is written if anything fails.
        """
        self._writable()
        graphs: dict[Term, list[QuadText]] = {}
        # City descriptions are shared by every article that names the city: describe
        # each city once per batch, and not at all when this store already holds the
        # same description (at 1M quads this halves the quads sent to Oxigraph).
        cities: dict[tuple[object, ...], City] = {}
        for article, relations in items:
            quads, named = _article_graph_quads(article, relations)
            for city in named.values():
                cities.setdefault(_city_fingerprint(city), city)
            # The same article twice in one batch: merge the relations of both readings.
            graphs.setdefault(quads[0][3], []).extend(quads)
        new_quads: list[QuadText] = []
        replace: list[tuple[Term, list[QuadText]]] = []
        added = replaced = unchanged = 0
        for g, quads in graphs.items():
            node = ox.NamedNode(_value(g))
            if self._ox.contains_named_graph(node):
                old = set(self._ox.quads_for_pattern(None, None, None, node))
                if old == _canonical(to_quads(quads)):
                    unchanged += 1
                    continue
                replace.append((g, quads))
                replaced += 1
            else:
                new_quads.extend(quads)
                added += 1
        fresh = [
            (fp, city) for fp, city in sorted(cities.items(), key=lambda item: item[1].key)
            if fp not in self._described or not self._has_city(city)
        ]
        for _, city in fresh:
            new_quads.extend(_city_quads(city, _CITIES_GRAPH))
        try:
            if replace:
                self._replace(replace, new_quads)
            elif new_quads:
                self._load(nquads(new_quads))
        except OSError as err:
            raise StoreError(
                f"{self.path or 'memory store'}: write failed; none of these {len(graphs)} article(s) "
                f"was written, those written before are intact: {_os_reason(err)}"
            ) from err
        self._described.update(fp for fp, _ in fresh)
        return WriteReport(added=added, replaced=replaced, unchanged=unchanged, quads=len(new_quads) + sum(len(q) for _, q in replace))

    def _has_city(self, city: City) -> bool:
        node = ox.NamedNode(_value(_city_term(city.key)))
        return ox.Quad(node, ox.NamedNode(_value(_A)), ox.NamedNode(_value(_CITY_CLASS)), _n(CITIES_GRAPH)) in self._ox

    def _load(self, data: bytes) -> None:
        # On disk, Oxigraph's bulk loader writes sorted files and adds them to the store
        # in one step (RocksDB's atomic IngestExternalFiles): all or nothing, like a
        # transaction, at about half the cost of a transaction's writes, and without the
        # GIL, so the next batch is read meanwhile. In memory, a plain transaction.
        if self.path is not None:
            self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self._ox.load(data, format=ox.RdfFormat.N_QUADS)

    def _replace(self, replace: list[tuple[Term, list[QuadText]]], extra: list[QuadText]) -> None:
        # One SPARQL update is one transaction: drop the old graphs and insert the new
        # quads together, so a reader never sees an article half replaced.
        parts = [f"DROP SILENT GRAPH {g}" for g, _ in replace]
        quads = [q for _, qs in replace for q in qs] + extra
        body = " ".join(f"GRAPH {g} {{ {s} {p} {o} }}" for s, p, o, g in quads)
        parts.append(f"INSERT DATA {{ {body} }}")
        self._ox.update(" ;\n".join(parts))

    def remove_article(self, iri: str) -> bool:
        """Remove one article's graph; the cities it named stay. True if it was there."""
        self._writable()
        g = ox.NamedNode(iri)
        if not self._ox.contains_named_graph(g):
            return False
        self._ox.update(f"DROP GRAPH {g}")
        return True

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add raw quads in one transaction (for import of exported data)."""
        self._writable()
        try:
            self._ox.extend(quads)
        except OSError as err:
            raise StoreError(f"{self.path or 'memory store'}: write failed, nothing was written: {_os_reason(err)}") from err

    def update(self, sparql: str) -> None:
        """Run a SPARQL update (kg's prefixes declared); a QueryError with line and column
        when it does not parse."""
        self._writable()
        run_update(self._ox, sparql)

    def flush(self) -> None:
        """Write what is buffered to disk; a full disk becomes a :class:`StoreError`."""
        if self.path is not None and not self.read_only:
            try:
                self._ox.flush()
            except OSError as err:
                raise StoreError(f"{self.path}: cannot flush the store: {_os_reason(err)}") from err

    def close(self) -> None:
        """Release the store (and its lock on disk), even when the last flush fails.

        Committed transactions are already in RocksDB's write-ahead log, so a failed
        flush loses nothing; the error still says so, since the disk needs attention.
        """
        if getattr(self, "_ox", None) is not None:
            try:
                self.flush()
            finally:
                del self._ox
                self._ox = None  # type: ignore[assignment]


def _city_fingerprint(city: City) -> tuple[object, ...]:
    # Everything _city_quads writes (City's own equality leaves out position and aliases).
    return (city.key, city.name, city.name_ko, city.country, city.geonames, city.lat, city.lon, city.alt_names)


def _canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    # Oxigraph stores literals in canonical form (0.850 -> 0.85): compare like with like.
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch.quads_for_pattern(None, None, None, None))


def _os_reason(err: OSError) -> str:
    text = str(err)
    if "lock" in text.lower():
        return (
            "another kg process is using it (wait for it to finish, or stop `kg serve` "
            "on this store)"
        )
    if "No space" in text or "ENOSPC" in text:
        return "the disk is full (free some space and run the command again)"
    if "Read-only file system" in text:
        return (
            "the file system is read-only; kg query, export and stats can read the store "
            "there, but to write name a writable folder with --store"
        )
    if "Permission denied" in text:
        return f"permission denied ({text}); name a writable folder with --store"
    return text

