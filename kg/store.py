"""The RDF store: the only place that turns model objects into quads and writes them.

One named graph per article (its IRI is the article's IRI), city descriptions in a
shared graph, deterministic IRIs throughout, so loading the same input twice changes
nothing. Each write is one Oxigraph transaction: an article is wholly in or wholly out.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .errors import StoreError
from .model import Article, City, Official, Relation, RelationType, Status
from .namespaces import (
    ARTICLE,
    CITIES_GRAPH,
    CITY,
    EVIDENCE,
    GEO,
    GN,
    IC,
    OA,
    OFFICIAL,
    RELATION,
    SCHEMA,
    SEM,
    STATUS,
    TYPE,
)

log = logging.getLogger(__name__)

__all__ = [
    "Store",
    "default_store_path",
    "article_iri",
    "city_iri",
    "relation_iri",
    "article_quads",
    "SHORTCUTS",
]


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


# Vocabulary as Oxigraph terms, built once.
_A = _n(RDF.type)
_LABEL = _n(RDFS.label)
_ALT = _n(SKOS.altLabel)
_EXACT_MATCH = _n(SKOS.exactMatch)
_CITY_CLASS = _n(SCHEMA.City)
_NEWS = _n(SCHEMA.NewsArticle)
_PERSON = _n(SCHEMA.Person)
_RELATION = _n(IC.Relation)
_EVENT = _n(SEM.Event)
_OFFICIAL = _n(IC.Official)
_EVIDENCE = _n(IC.Evidence)
_QUOTE = _n(OA.TextQuoteSelector)
_POSITION = _n(OA.TextPositionSelector)
_XSD_DOUBLE = _n(XSD.double)
_XSD_DECIMAL = _n(XSD.decimal)
_XSD_INT = _n(XSD.integer)
_XSD_DATE = _n(XSD.date)
_DATE_TYPES = {10: _n(XSD.date), 7: _n(XSD.gYearMonth), 4: _n(XSD.gYear)}
_PRECISION = {10: "day", 7: "month", 4: "year"}
_TYPE_IRI = {t: _n(TYPE[t.value]) for t in RelationType}
_STATUS_IRI = {s: _n(STATUS[s.value]) for s in Status}

#: Symmetric shortcut edge written between the parties of an active relation of a type.
SHORTCUTS: dict[RelationType, object] = {
    RelationType.SISTER_CITY: IC.sisterCityOf,
    RelationType.FRIENDSHIP: IC.friendshipWith,
    RelationType.COOPERATION: IC.cooperatesWith,
    RelationType.MEETING: IC.metWith,
    RelationType.VISIT: IC.visitExchangedWith,
    RelationType.EXCHANGE: IC.exchangesWith,
    RelationType.AID: IC.aidBetween,
}
_SHORTCUT_IRI = {t: _n(p) for t, p in SHORTCUTS.items()}
_RELATED = _n(IC.relatedTo)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def default_store_path() -> Path:
    """Where the embedded store lives when neither ``--store`` nor ``KG_STORE`` says.

    ``$XDG_DATA_HOME/kg/store``, else ``~/.local/share/kg/store``.
    """
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / "kg" / "store"


def city_iri(city: City) -> ox.NamedNode:
    """A city's IRI from its gazetteer key: ``gn:1842485`` -> ``.../id/city/gn-1842485``."""
    kind, _, rest = city.key.partition(":")
    if kind == "new":
        return _n(CITY["new-" + _digest(city.key)])
    return _n(CITY[f"{kind}-{rest}"])


def article_iri(article: Article) -> ox.NamedNode:
    """An article's IRI: from its URL where known, else its text, else its source name."""
    if article.url:
        return _n(ARTICLE["u" + _digest(article.url)])
    if article.text:
        return _n(ARTICLE["t" + _digest(article.text)])
    return _n(ARTICLE["s" + _digest(article.source)])


def relation_iri(relation: Relation) -> ox.NamedNode:
    """A relation's IRI from its type, status, sorted parties and date."""
    type_, status, keys, date = relation.identity
    return _n(RELATION[_digest(type_, status, *keys, date or "")])


# Predicates of article and city quads, built once (rdflib namespace lookups are slow).
_DCTERMS_SOURCE = _n(DCTERMS.source)
_GEO_LAT = _n(GEO.lat)
_GEO_LONG = _n(GEO.long)
_IC_CONFIDENCE = _n(IC.confidence)
_IC_COUNTRYCODE = _n(IC.countryCode)
_IC_DATEPRECISION = _n(IC.datePrecision)
_IC_EVIDENCE = _n(IC.evidence)
_IC_OFFICIAL = _n(IC.official)
_IC_PARTY = _n(IC.party)
_IC_RELATIONTYPE = _n(IC.relationType)
_IC_REPRESENTSCITY = _n(IC.representsCity)
_IC_ROLE = _n(IC.role)
_IC_STATUS = _n(IC.status)
_OA_END = _n(OA.end)
_OA_EXACT = _n(OA.exact)
_OA_HASSELECTOR = _n(OA.hasSelector)
_OA_HASSOURCE = _n(OA.hasSource)
_OA_START = _n(OA.start)
_PROV_WASDERIVEDFROM = _n(PROV.wasDerivedFrom)
_SCHEMA_DATEPUBLISHED = _n(SCHEMA.datePublished)
_SCHEMA_HEADLINE = _n(SCHEMA.headline)
_SCHEMA_INLANGUAGE = _n(SCHEMA.inLanguage)
_SCHEMA_NAME = _n(SCHEMA.name)
_SCHEMA_PUBLISHER = _n(SCHEMA.publisher)
_SCHEMA_URL = _n(SCHEMA.url)
_SEM_HASPLACE = _n(SEM.hasPlace)
_SEM_HASTIMESTAMP = _n(SEM.hasTimeStamp)
_XSD_ANYURI = _n(XSD.anyURI)


def city_quads(city: City, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
    """Quads that describe one city: type, labels, country, GeoNames match, position."""
    s = city_iri(city)
    yield ox.Quad(s, _A, _CITY_CLASS, graph)
    names: set[str] = set()
    if city.name_ko:
        yield ox.Quad(s, _LABEL, ox.Literal(city.name_ko, language="ko"), graph)
        names.add(city.name_ko)
    if city.name:
        lang = "ko" if (not city.name_ko and _is_hangul(city.name)) else "en"
        if not (lang == "ko" and city.name_ko):
            yield ox.Quad(s, _LABEL, ox.Literal(city.name, language=lang), graph)
        names.add(city.name)
    for alt in city.alt_names:
        if alt and alt not in names:
            names.add(alt)
            yield ox.Quad(s, _ALT, ox.Literal(alt), graph)
    if city.country:
        yield ox.Quad(s, _IC_COUNTRYCODE, ox.Literal(city.country.upper()), graph)
    if city.geonames is not None:
        yield ox.Quad(s, _EXACT_MATCH, _n(GN[f"{city.geonames}/"]), graph)
    if city.lat is not None and city.lon is not None:
        yield ox.Quad(s, _GEO_LAT, ox.Literal(repr(float(city.lat)), datatype=_XSD_DOUBLE), graph)
        yield ox.Quad(s, _GEO_LONG, ox.Literal(repr(float(city.lon)), datatype=_XSD_DOUBLE), graph)


def _is_hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _official_iri(official: Official) -> ox.NamedNode:
    return _n(OFFICIAL[_digest(official.name, official.role, official.city.key if official.city else "")])


def article_quads(article: Article, relations: Sequence[Relation]) -> list[ox.Quad]:
    """Every quad one article contributes: its own graph, plus its cities' descriptions.

    Pure: the same article and relations give the same quads, in the same order.
    """
    quads, cities = _article_graph_quads(article, relations)
    graph = _n(CITIES_GRAPH)
    for key in sorted(cities):
        quads.extend(city_quads(cities[key], graph))
    return quads


def _article_graph_quads(article: Article, relations: Sequence[Relation]) -> tuple[list[ox.Quad], dict[str, City]]:
    """The quads of an article's own graph, and the cities it names (by key)."""
    g = article_iri(article)
    quads: list[ox.Quad] = [ox.Quad(g, _A, _NEWS, g)]
    add = quads.append
    if article.url:
        add(ox.Quad(g, _SCHEMA_URL, ox.Literal(article.url, datatype=_XSD_ANYURI), g))
    if article.title:
        add(ox.Quad(g, _SCHEMA_HEADLINE, ox.Literal(article.title), g))
    if article.published:
        size = len(article.published)
        add(ox.Quad(g, _SCHEMA_DATEPUBLISHED, ox.Literal(article.published, datatype=_DATE_TYPES.get(size, _XSD_DATE)), g))
    if article.publisher:
        add(ox.Quad(g, _SCHEMA_PUBLISHER, ox.Literal(article.publisher), g))
    if article.lang:
        add(ox.Quad(g, _SCHEMA_INLANGUAGE, ox.Literal(article.lang), g))
    add(ox.Quad(g, _DCTERMS_SOURCE, ox.Literal(article.source), g))

    cities: dict[str, City] = {}
    for rel in relations:
        r = relation_iri(rel)
        add(ox.Quad(r, _A, _RELATION, g))
        add(ox.Quad(r, _A, _EVENT, g))
        add(ox.Quad(r, _IC_RELATIONTYPE, _TYPE_IRI[rel.type], g))
        add(ox.Quad(r, _IC_STATUS, _STATUS_IRI[rel.status], g))
        add(ox.Quad(r, _PROV_WASDERIVEDFROM, g, g))
        parties = [city_iri(c) for c in rel.cities]
        for c, node in zip(rel.cities, parties, strict=True):
            cities.setdefault(c.key, c)
            add(ox.Quad(r, _IC_PARTY, node, g))
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                add(ox.Quad(a, _RELATED, b, g))
                add(ox.Quad(b, _RELATED, a, g))
                if rel.status is Status.ACTIVE:
                    add(ox.Quad(a, _SHORTCUT_IRI[rel.type], b, g))
                    add(ox.Quad(b, _SHORTCUT_IRI[rel.type], a, g))
        if rel.date:
            add(ox.Quad(r, _SEM_HASTIMESTAMP, ox.Literal(rel.date, datatype=_DATE_TYPES[len(rel.date)]), g))
            add(ox.Quad(r, _IC_DATEPRECISION, ox.Literal(_PRECISION[len(rel.date)]), g))
        if rel.place is not None:
            cities.setdefault(rel.place.key, rel.place)
            add(ox.Quad(r, _SEM_HASPLACE, city_iri(rel.place), g))
        for off in rel.officials:
            o = _official_iri(off)
            add(ox.Quad(r, _IC_OFFICIAL, o, g))
            add(ox.Quad(o, _A, _OFFICIAL, g))
            add(ox.Quad(o, _A, _PERSON, g))
            add(ox.Quad(o, _SCHEMA_NAME, ox.Literal(off.name), g))
            add(ox.Quad(o, _IC_ROLE, ox.Literal(off.role), g))
            if off.city is not None:
                cities.setdefault(off.city.key, off.city)
                add(ox.Quad(o, _IC_REPRESENTSCITY, city_iri(off.city), g))
        ev = rel.evidence
        e = _n(EVIDENCE[_digest(r.value, g.value, str(ev.start) if ev else "", str(ev.end) if ev else "")])
        add(ox.Quad(r, _IC_EVIDENCE, e, g))
        add(ox.Quad(e, _A, _EVIDENCE, g))
        add(ox.Quad(e, _OA_HASSOURCE, g, g))
        add(ox.Quad(e, _IC_CONFIDENCE, ox.Literal(f"{rel.confidence:.3f}", datatype=_XSD_DECIMAL), g))
        if ev is not None:
            quote, pos = _n(e.value + "#quote"), _n(e.value + "#position")
            add(ox.Quad(e, _OA_HASSELECTOR, quote, g))
            add(ox.Quad(quote, _A, _QUOTE, g))
            add(ox.Quad(quote, _OA_EXACT, ox.Literal(ev.text), g))
            add(ox.Quad(e, _OA_HASSELECTOR, pos, g))
            add(ox.Quad(pos, _A, _POSITION, g))
            add(ox.Quad(pos, _OA_START, ox.Literal(str(ev.start), datatype=_XSD_INT), g))
            add(ox.Quad(pos, _OA_END, ox.Literal(str(ev.end), datatype=_XSD_INT), g))
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

    def __len__(self) -> int:
        """Number of quads (every graph, cities included)."""
        result = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(result))["n"].value)

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        result = self._ox.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
        )
        return int(next(iter(result))["n"].value)

    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, iri: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(iri))

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._ox.quads_for_pattern(None, None, None, None))

    # --- writing ------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: the store was opened read-only")

    def write_articles(self, items: Iterable[tuple[Article, Sequence[Relation]]]) -> WriteReport:
        """Write articles with their relations, in one transaction for the whole batch.

        An article already stored with the same content is left as it is; one stored with
        different content is replaced. Nothing is written if anything fails.
        """
        self._writable()
        new_quads: list[ox.Quad] = []
        replace: list[tuple[ox.NamedNode, list[ox.Quad]]] = []
        added = replaced = unchanged = 0
        seen: dict[str, list[ox.Quad]] = {}
        # City descriptions are shared by every article that names the city: describe
        # each city once per batch, and not at all when this store already holds the
        # same description (at 1M quads this halves the quads sent to Oxigraph).
        cities: dict[tuple[object, ...], City] = {}
        for article, relations in items:
            quads, named = _article_graph_quads(article, relations)
            for city in named.values():
                cities.setdefault(_city_fingerprint(city), city)
            g = article_iri(article)
            if g.value in seen:
                # The same article twice in one batch: merge the relations of both readings.
                seen[g.value].extend(quads)
                continue
            seen[g.value] = quads
        for iri, quads in seen.items():
            g = ox.NamedNode(iri)
            if self._ox.contains_named_graph(g):
                old = set(self._ox.quads_for_pattern(None, None, None, g))
                mine = _canonical(q for q in quads if q.graph_name == g)
                if old == mine:
                    unchanged += 1
                    new_quads.extend(q for q in quads if q.graph_name != g)
                    continue
                replace.append((g, quads))
                replaced += 1
            else:
                new_quads.extend(quads)
                added += 1
        cities_graph = _n(CITIES_GRAPH)
        fresh = [
            (fp, city) for fp, city in sorted(cities.items(), key=lambda item: item[1].key)
            if fp not in self._described or ox.Quad(city_iri(city), _A, _CITY_CLASS, cities_graph) not in self._ox
        ]
        for _, city in fresh:
            new_quads.extend(city_quads(city, cities_graph))
        try:
            if replace:
                self._replace(replace, new_quads)
            elif new_quads:
                self._ox.extend(new_quads)
        except OSError as err:
            raise StoreError(
                f"{self.path or 'memory store'}: write failed; none of these {len(seen)} article(s) "
                f"was written, those written before are intact: {_os_reason(err)}"
            ) from err
        self._described.update(fp for fp, _ in fresh)
        return WriteReport(added=added, replaced=replaced, unchanged=unchanged, quads=len(new_quads) + sum(len(q) for _, q in replace))

    def _replace(self, replace: list[tuple[ox.NamedNode, list[ox.Quad]]], extra: list[ox.Quad]) -> None:
        # One SPARQL update is one transaction: drop the old graphs and insert the new
        # quads together, so a reader never sees an article half replaced.
        parts = [f"DROP SILENT GRAPH {g}" for g, _ in replace]
        quads = [q for _, qs in replace for q in qs] + extra
        body = " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
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
    # Everything city_quads writes (City's own equality leaves out position and aliases).
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

