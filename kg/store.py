"""The RDF store: the only place that turns model objects into quads and writes them.

One named graph per article (its IRI is the article's IRI), city descriptions in a
shared graph, deterministic IRIs throughout, so loading the same input twice changes
nothing. Each write is one Oxigraph transaction: an article is wholly in or wholly out.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .errors import KGError, NotFoundError, StoreError
from .errors import os_reason as _os_reason
from .model import ROLES, Article, City, Official, Relation, RelationType, Status
from .namespaces import (
    ARTICLE,
    CITIES_GRAPH,
    CITY,
    CURATION,
    CURATION_GRAPH,
    EVIDENCE,
    GEO,
    GN,
    GNO,
    IC,
    OA,
    OFFICIAL,
    OFFICIALS_GRAPH,
    ORGANIZATION,
    RELATION,
    RELATIONS_GRAPH,
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
    "PAIR_EDGES",
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
_RELATED = _iri(IC.relatedTo)


def _edge_name(shortcut: str, status: Status) -> str:
    """The pair edge of a type's relations of ``status``: the shortcut when active, else the
    status and the shortcut's name (``ic:plannedSisterCityOf``; ``intercity.ttl`` declares
    each, with its ``ic:edgeType`` and ``ic:edgeStatus``)."""
    if status is Status.ACTIVE:
        return shortcut
    base, local = shortcut.rsplit("#", 1)
    return f"{base}#{status.value}{local[:1].upper()}{local[1:]}"


#: The symmetric edge written between each two parties of a relation of a type and status:
#: a city's partners, with the types and statuses of their relations, are one scan of its
#: edges in the relations graph, however many relations they have.
PAIR_EDGES: dict[tuple[RelationType, Status], str] = {
    (t, s): _edge_name(p, s) for t, p in SHORTCUTS.items() for s in Status
}
_EDGE_IRI = {k: _iri(v) for k, v in PAIR_EDGES.items()}

_ARTICLE_NS, _CITY_NS, _RELATION_NS = str(ARTICLE), str(CITY), str(RELATION)
_EVIDENCE_NS, _OFFICIAL_NS, _GN_NS = str(EVIDENCE), str(OFFICIAL), str(GN)
_ORGANIZATION_NS = str(ORGANIZATION)
_CITIES_GRAPH = _iri(CITIES_GRAPH)
_RELATIONS_GRAPH = _iri(RELATIONS_GRAPH)
_OFFICIALS_GRAPH = _iri(OFFICIALS_GRAPH)
_CURATION_GRAPH = _iri(CURATION_GRAPH)
_CURATION_NS = str(CURATION)
_TYPE_OF = {v: t for t, v in _TYPE_IRI.items()}
_STATUS_OF = {v: s for s, v in _STATUS_IRI.items()}


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


_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """A text as compared for identity: Unicode NFC, runs of white space as one space.

    >>> normalise_text("고양시와\\r\\n  이우시 ") == normalise_text("고양시와 이우시")
    True
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """The hash of a text's normalised form (:func:`normalise_text`), hex SHA-256."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def _article_term(article: Article) -> Term:
    if article.url:
        return _iri(_ARTICLE_NS + "u" + _digest(article.url))
    if article.text.strip():
        return _iri(_ARTICLE_NS + "t" + text_hash(article.text)[:20])
    return _iri(_ARTICLE_NS + "s" + _digest(article.source))


def article_iri(article: Article) -> ox.NamedNode:
    """An article's IRI: from its URL where known, else its normalised text, else its source.

    The store may give an article the IRI of one it already holds: the same text read
    from another file, or a record that cites a text already read (see
    :meth:`Store.write_articles`).
    """
    return ox.NamedNode(_value(_article_term(article)))


def _relation_term(relation: Relation) -> Term:
    type_, status, keys, date = relation.identity
    return _identity_term(type_, status, keys, date)


def _identity_term(type_: str, status: str, keys: Sequence[str], date: str | None) -> Term:
    return _iri(_RELATION_NS + _digest(type_, status, *keys, date or ""))


def relation_iri(relation: Relation) -> ox.NamedNode:
    """A relation's IRI from its type, status, sorted parties and date."""
    return ox.NamedNode(_value(_relation_term(relation)))


# Predicates of article and city quads, built once (rdflib namespace lookups are slow).
_DCTERMS_SOURCE = _iri(DCTERMS.source)
_DCTERMS_IDENTIFIER = _iri(DCTERMS.identifier)
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
_IC_TEXTHASH = _iri(IC.textHash)
_IC_CONFIRMED = _iri(IC.confirmed)
_ST_TYPE = _iri(IC.statedType)
_ST_STATUS = _iri(IC.statedStatus)
_ST_PARTY = _iri(IC.statedParty)
_ST_DATE = _iri(IC.statedDate)
_ST_PLACE = _iri(IC.statedPlace)
_ST_OFFICIAL = _iri(IC.statedOfficial)
_OA_END = _iri(OA.end)
_OA_EXACT = _iri(OA.exact)
_IC_QUOTE = _iri(IC.quote)
#: An evidence node's sentence repeated on it as ic:quote, where a store written by an
#: older kg lacks it (run by KnowledgeGraph.ensure_ontology, on any store).
QUOTE_BACKFILL = """
INSERT { GRAPH ?g { ?e ic:quote ?x } }
WHERE { GRAPH ?g { ?e oa:hasTarget ?t . ?t oa:hasSelector ?sel .
                   ?sel a oa:TextQuoteSelector ; oa:exact ?x }
        FILTER NOT EXISTS { GRAPH ?g { ?e ic:quote ?x } } }
"""
_OA_HASSELECTOR = _iri(OA.hasSelector)
_OA_HASSOURCE = _iri(OA.hasSource)
_OA_HASBODY = _iri(OA.hasBody)
_OA_HASTARGET = _iri(OA.hasTarget)
_OA_MOTIVATEDBY = _iri(OA.motivatedBy)
_OA_IDENTIFYING = _iri(OA.identifying)
_OA_START = _iri(OA.start)
_PROV_WASDERIVEDFROM = _iri(PROV.wasDerivedFrom)
_PROV_WASREVISIONOF = _iri(PROV.wasRevisionOf)
_SCHEMA_DATEPUBLISHED = _iri(SCHEMA.datePublished)
_SCHEMA_HEADLINE = _iri(SCHEMA.headline)
_SCHEMA_INLANGUAGE = _iri(SCHEMA.inLanguage)
_SCHEMA_JOBTITLE = _iri(SCHEMA.jobTitle)
_SCHEMA_NAME = _iri(SCHEMA.name)
_SCHEMA_PUBLISHER = _iri(SCHEMA.publisher)
_SCHEMA_URL = _iri(SCHEMA.url)
_SEM_HASPLACE = _iri(SEM.hasPlace)
_SEM_HASTIMESTAMP = _iri(SEM.hasTimeStamp)
_TRUE = _lit("true", "^^" + _iri(XSD.boolean))

#: What the article graph says about the article itself (merged when two files hold the
#: same article; the others are replaced by the newer reading).
_MULTI_META = (_DCTERMS_SOURCE, _DCTERMS_IDENTIFIER)


_KO_SCRIPT = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_JA_SCRIPT = re.compile("[\u3040-\u30ff]")
_ZH_SCRIPT = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")


def _script_lang(name: str) -> str | None:
    """The language a name's script says: Hangul -> ko, kana -> ja, Han -> zh, ASCII -> en.

    >>> [_script_lang(n) for n in ("이우시", "フライブルク", "义乌", "Yiwu")]
    ['ko', 'ja', 'zh', 'en']
    """
    if name.isascii():
        return "en"
    if _KO_SCRIPT.search(name):
        return "ko"
    if _JA_SCRIPT.search(name):
        return "ja"
    if _ZH_SCRIPT.search(name):
        return "zh"
    return None


def _city_labels(city: City) -> tuple[dict[str, str], list[str]]:
    """A city's ``rdfs:label`` per language (the gazetteer's names) and its other names."""
    labels: dict[str, str] = {}
    if city.name_ko and _script_lang(city.name_ko) == "ko":
        labels["ko"] = city.name_ko
    if city.name:
        lang = _script_lang(city.name)
        if lang == "ko" or lang is None:
            labels.setdefault("ko" if lang == "ko" else "en", city.name)
        else:
            labels["en"] = city.name
    others = [
        n for n in (city.name, city.name_ko, *city.alt_names) if n and n not in labels.values()
    ]
    return labels, list(dict.fromkeys(others))


def _alt_term(name: str) -> Term:
    lang = _script_lang(name)
    return _lit(name, f"@{lang}" if lang in ("ko", "ja", "zh") else "")


def _city_quads(city: City, g: Term) -> list[QuadText]:
    """The quads that describe one city: type, labels, country, GeoNames match, position."""
    s = _city_term(city.key)
    quads = [(s, _A, _CITY_CLASS, g), (s, _DCTERMS_IDENTIFIER, _lit(city.key), g)]
    add = quads.append
    labels, others = _city_labels(city)
    for lang, name in labels.items():
        add((s, _LABEL, _lit(name, "@" + lang), g))
    for alt in others:
        add((s, _ALT, _alt_term(alt), g))
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
    city = official.city.key if official.city else ""
    return _iri(_OFFICIAL_NS + _digest(official.name, official.role, city))


def _official_quads(official: Official, g: Term) -> list[QuadText]:
    o = _official_term(official)
    quads = [
        (o, _A, _OFFICIAL, g),
        (o, _A, _PERSON, g),
        (o, _SCHEMA_NAME, _lit(official.name), g),
        (o, _IC_ROLE, _lit(official.role), g),
    ]
    en, ko = ROLES.get(official.role, (official.role_label, ""))
    quads.append((o, _SCHEMA_JOBTITLE, _lit(en, "@en"), g))
    if ko:
        quads.append((o, _SCHEMA_JOBTITLE, _lit(ko, "@ko"), g))
    if official.city is not None:
        quads.append((o, _IC_REPRESENTSCITY, _city_term(official.city.key), g))
    return quads


def _confidence(value: float) -> Term:
    # Every digit of the float (0.8333333333333334), as an xsd:decimal (no exponent).
    return _lit(format(decimal.Decimal(repr(float(value))), "f"), _DECIMAL)


def nquads(quads: Iterable[QuadText]) -> bytes:
    """Quads as an N-Quads document."""
    return "".join([f"{s} {p} {o} {g} .\n" for s, p, o, g in quads]).encode("utf-8")


def to_quads(quads: Iterable[QuadText]) -> list[ox.Quad]:
    """Quads as pyoxigraph objects (parsed by Oxigraph)."""
    return list(ox.parse(nquads(quads), format=ox.RdfFormat.N_QUADS))


@dataclass
class _Parts:
    """What one article contributes: its own graph's quads and what the shared graphs need."""

    own: list[QuadText] = field(default_factory=list)
    cities: dict[str, City] = field(default_factory=dict)
    officials: dict[Term, Official] = field(default_factory=dict)
    #: relation term -> (type, status, party terms, date literal or None)
    facts: dict[Term, tuple[RelationType, Status, tuple[Term, ...], Term | None]] = field(
        default_factory=dict
    )
    relation_officials: dict[Term, set[Term]] = field(default_factory=dict)
    places: dict[Term, set[Term]] = field(default_factory=dict)

    def merge(self, other: _Parts) -> None:
        self.own.extend(other.own)
        for key, city in other.cities.items():
            self.cities.setdefault(key, city)
        self.officials.update(other.officials)
        self.facts.update(other.facts)
        for r, offs in other.relation_officials.items():
            self.relation_officials.setdefault(r, set()).update(offs)
        for r, pls in other.places.items():
            self.places.setdefault(r, set()).update(pls)


def article_quads(article: Article, relations: Sequence[Relation]) -> list[ox.Quad]:
    """Every quad one article contributes to an empty store: its own graph, the shared
    relation facts, and the descriptions of its cities and officials.

    Pure: the same article and relations give the same quads, in the same order.
    """
    parts = _article_parts(article, relations, _article_term(article))
    quads = list(parts.own)
    quads.extend(_shared_fact_quads(parts, {r: min(p) for r, p in parts.places.items() if p}))
    for term in sorted(parts.officials):
        quads.extend(_official_quads(parts.officials[term], _OFFICIALS_GRAPH))
    for key in sorted(parts.cities):
        quads.extend(_city_quads(parts.cities[key], _CITIES_GRAPH))
    return to_quads(quads)


def _article_meta(article: Article, g: Term) -> list[QuadText]:
    quads: list[QuadText] = [(g, _A, _NEWS, g)]
    add = quads.append
    if article.url:
        add((g, _SCHEMA_URL, _lit(article.url, _ANYURI), g))
    if article.title:
        add((g, _SCHEMA_HEADLINE, _lit(article.title), g))
    if article.published:
        kind = _DATE_TYPES.get(len(article.published), _DATE_TYPES[10])
        add((g, _SCHEMA_DATEPUBLISHED, _lit(article.published, kind), g))
    if article.publisher:
        # schema:publisher's range is an Organization: a node named by the outlet's name.
        org = _iri(_ORGANIZATION_NS + _digest(article.publisher))
        add((g, _SCHEMA_PUBLISHER, org, g))
        add((org, _A, _ORGANIZATION, g))
        add((org, _SCHEMA_NAME, _lit(article.publisher), g))
    if article.lang:
        add((g, _SCHEMA_INLANGUAGE, _lit(article.lang), g))
    if article.text.strip():
        add((g, _IC_TEXTHASH, _lit(text_hash(article.text)), g))
    if article.source:
        add((g, _DCTERMS_SOURCE, _lit(article.source), g))
        name = _file_name(article.source)
        if name:
            add((g, _DCTERMS_IDENTIFIER, _lit(name), g))
    return quads


def _file_name(source: str) -> str | None:
    """The file name a local source ends in (``goyang-yiwu.txt``); None for a URL."""
    if not source or "://" in source:
        return None
    name = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    return name or None


def _article_parts(article: Article, relations: Sequence[Relation], g: Term) -> _Parts:
    """The quads of an article's own graph (its metadata and, for each relation it
    states, the evidence node with what it states), and what the shared graphs need."""
    parts = _Parts(own=_article_meta(article, g))
    add = parts.own.append
    for rel in relations:
        r = _relation_term(rel)
        party_terms = tuple(_city_term(c.key) for c in rel.cities)
        for c in rel.cities:
            parts.cities.setdefault(c.key, c)
        date = _lit(rel.date, _DATE_TYPES[len(rel.date)]) if rel.date else None
        parts.facts[r] = (rel.type, rel.status, party_terms, date)
        ev = rel.evidence
        span = (str(ev.start), str(ev.end)) if ev else ("", "")
        e_iri = _EVIDENCE_NS + _digest(_value(r), _value(g), *span)
        e = _iri(e_iri)
        add((r, _PROV_WASDERIVEDFROM, g, g))
        add((r, _IC_EVIDENCE, e, g))
        # A Web Annotation: its body the relation as stated, its target the span of the
        # article; what the article states about the relation is on it (ic:stated*).
        target = _iri(e_iri + "#target")
        add((e, _A, _EVIDENCE, g))
        add((e, _A, _ANNOTATION, g))
        add((e, _OA_MOTIVATEDBY, _OA_IDENTIFYING, g))
        add((e, _OA_HASBODY, r, g))
        add((e, _OA_HASTARGET, target, g))
        add((target, _A, _SPECIFIC, g))
        add((target, _OA_HASSOURCE, g, g))
        add((e, _IC_CONFIDENCE, _confidence(rel.confidence), g))
        add((e, _ST_TYPE, _TYPE_IRI[rel.type], g))
        add((e, _ST_STATUS, _STATUS_IRI[rel.status], g))
        for p in party_terms:
            add((e, _ST_PARTY, p, g))
        if date is not None:
            add((e, _ST_DATE, date, g))
        if rel.place is not None:
            parts.cities.setdefault(rel.place.key, rel.place)
            place = _city_term(rel.place.key)
            add((e, _ST_PLACE, place, g))
            parts.places.setdefault(r, set()).add(place)
        offs = parts.relation_officials.setdefault(r, set())
        for off in rel.officials:
            o = _official_term(off)
            parts.officials[o] = off
            offs.add(o)
            add((e, _ST_OFFICIAL, o, g))
            if off.city is not None:
                parts.cities.setdefault(off.city.key, off.city)
        if ev is not None:
            quote, pos = _iri(e_iri + "#quote"), _iri(e_iri + "#position")
            add((target, _OA_HASSELECTOR, quote, g))
            add((quote, _A, _QUOTE, g))
            add((quote, _OA_EXACT, _lit(ev.text), g))
            add((e, _IC_QUOTE, _lit(ev.text), g))
            add((target, _OA_HASSELECTOR, pos, g))
            add((pos, _A, _POSITION, g))
            add((pos, _OA_START, _lit(str(ev.start), _INTEGER), g))
            add((pos, _OA_END, _lit(str(ev.end), _INTEGER), g))
    return parts


def _fact_quads(
    r: Term,
    type_: RelationType,
    status: Status,
    parties: Sequence[Term],
    date: Term | None,
) -> list[QuadText]:
    """A relation node's own facts in the relations graph, and its pair edges."""
    g = _RELATIONS_GRAPH
    quads = [
        (r, _A, _RELATION, g),
        (r, _A, _EVENT, g),
        (r, _IC_RELATIONTYPE, _TYPE_IRI[type_], g),
        (r, _IC_STATUS, _STATUS_IRI[status], g),
    ]
    add = quads.append
    for p in parties:
        add((r, _IC_PARTY, p, g))
    if date is not None:
        lexical = date[1 : date.index('"', 1)]
        add((r, _SEM_HASTIMESTAMP, date, g))
        add((r, _IC_DATEPRECISION, _PRECISION[len(lexical)], g))
    edge = _EDGE_IRI[(type_, status)]
    for i, a in enumerate(parties):
        for b in parties[i + 1 :]:
            add((a, _RELATED, b, g))
            add((b, _RELATED, a, g))
            add((a, edge, b, g))
            add((b, edge, a, g))
    return quads


def _shared_fact_quads(parts: _Parts, places: dict[Term, Term]) -> list[QuadText]:
    """The relations graph's quads for the relations of ``parts`` (no store read)."""
    g = _RELATIONS_GRAPH
    quads: list[QuadText] = []
    for r, (type_, status, parties, date) in parts.facts.items():
        quads.extend(_fact_quads(r, type_, status, parties, date))
        for o in sorted(parts.relation_officials.get(r, ())):
            quads.append((r, _IC_OFFICIAL, o, g))
        place = places.get(r)
        if place is not None:
            quads.append((r, _SEM_HASPLACE, place, g))
    return quads


@dataclass(frozen=True)
class WriteReport:
    """What one write did: articles added, replaced or unchanged, and quads added; for a
    provisional write, what :meth:`Store.retract` needs to take it out again."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    quads: int = 0
    undo: Undo | None = None


@dataclass
class Undo:
    """What a provisional write added: the quads that were not in the store before it,
    and the cities and officials it described (this store's memory of what it wrote)."""

    quads: list[QuadText]
    #: The named graphs it made: taken out with the quads, as Oxigraph keeps a graph's
    #: name when its last quad goes.
    graphs: list[Term]
    described: set[tuple[object, ...]]
    officials: set[Term]


class NotFreshError(KGError):
    """A provisional write met articles or relations it would replace or work out again
    (an undo would have to restore them): nothing was written."""


_ROCKSDB_FILE = re.compile(
    r"LOCK|LOG(?:\.old\.\d+)?|IDENTITY|CURRENT|\d+\.(?:log|sst|blob)|MANIFEST-\d+|"
    r"OPTIONS-\d+(?:\.dbtmp)?|bulk-.*\.sst|.*\.dbtmp"
)


def _not_among_other_files(path: Path) -> None:
    """Refuse to make a new store in a folder that holds other files (the user's
    documents would get RocksDB's files among them); a folder that is already a store,
    an empty one or a new one is fine."""
    if not path.is_dir() or (path / "CURRENT").exists():
        return
    try:
        names = sorted(p.name for p in path.iterdir())
    except OSError:
        return  # the open that follows says what is wrong with the folder
    # a store whose creation was cut short holds RocksDB's files but no CURRENT yet
    names = [n for n in names if not _ROCKSDB_FILE.fullmatch(n)]
    if names:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")
        raise StoreError(
            f"{path}: is a folder of other files ({shown}), not a kg store; kg does not put a "
            "store among them: name a new or empty folder with --store or KG_STORE"
        )


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
        self._officials: set[Term] = set()
        self._pending_described: set[tuple[object, ...]] = set()
        self._pending_curation: list[QuadText] = []
        self._pending_officials: set[Term] = set()
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
                _not_among_other_files(self.path)
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
                "changed. Restore it from a copy or a `kg export`, or build it again with `kg "
                "ingest`"
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
        output: IO[bytes] | None = None,
    ) -> tuple[bytes, str]:
        """Run SPARQL and serialise the answer (see :func:`kg.query.run_query_serialized`)."""
        return run_query_serialized(
            self._ox,
            sparql,
            fmt,
            dict(bindings or {}),
            graph_format=graph_format,
            dataset=dataset,
            output=output,
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

    def write_articles(
        self, items: Iterable[tuple[Article, Sequence[Relation]]], *, provisional: bool = False
    ) -> WriteReport:
        """Write articles with their relations, all or nothing for the whole batch.

        An article is one article however it arrives: the same text from another file
        (by the hash of its normalised text), a relation record citing a text already
        read (by its source, or by its file name when one stored article has it), the
        text of an article first stored from records. Its file names accumulate; its
        relations are those of the newest reading. An article already stored with the
        same content is left as it is. Each relation is one node in the relations graph,
        whatever the number of articles that state it. Nothing is written if anything
        fails.

        ``provisional`` writes only what adds to the store (new articles, and relations
        nobody decided about), or raises :class:`NotFreshError` and writes nothing; the report's
        ``undo`` is what :meth:`retract` takes out to leave the store as it was. The
        ingest writes a long file in such parts while the rest of it is extracted.
        """
        self._writable()
        decided = self._decided()
        batch: dict[Term, _Parts] = {}
        absorbed: dict[Term, set[Term]] = {}
        local: dict[str, Term] = {}
        for article, relations in items:
            g, old = self._resolve_article(article, local)
            if old:
                absorbed.setdefault(g, set()).update(old)
            parts = _article_parts(article, relations, g)
            if g in batch:
                batch[g].merge(parts)
            else:
                batch[g] = parts
            if article.source:
                local.setdefault("s:" + article.source, g)
                name = _file_name(article.source)
                if name:
                    local.setdefault("f:" + name, g)

        new_quads: list[QuadText] = []
        drop: list[Term] = []
        recompute: set[Term] = set()
        fresh_facts: list[_Parts] = []
        fresh: set[Term] = set()  # graphs new to the store
        added = replaced = unchanged = 0
        for g, parts in batch.items():
            olds = [g] if self._ox.contains_named_graph(_n(_value(g))) else []
            olds += sorted(absorbed.get(g, set()) - {g})
            if not olds:
                new_quads.extend(parts.own)
                fresh_facts.append(parts)
                fresh.add(g)
                added += 1
                continue
            old_quads = [
                q for o in olds for q in self._ox.quads_for_pattern(None, None, None, _n(_value(o)))
            ]
            parts.own.extend(_carried_meta(old_quads, parts.own, g))
            if olds == [g] and set(old_quads) == _canonical(to_quads(parts.own)):
                unchanged += 1
                continue
            replaced += 1
            drop.extend(olds)
            new_quads.extend(parts.own)
            recompute.update(parts.facts)
            recompute.update(str(q.subject) for q in old_quads if str(q.predicate) == _IC_EVIDENCE)

        # Relation facts: written straight away for relations nobody decided about; the
        # others (and those an article replaced here) are worked out again from the store.
        curated = {r for p in fresh_facts for r in p.facts if r in decided}
        curated |= {r for r in recompute if r in decided}
        recompute -= curated
        for parts in fresh_facts:
            plain = _Parts(
                facts={
                    r: f for r, f in parts.facts.items() if r not in curated and r not in recompute
                },
                relation_officials=parts.relation_officials,
            )
            places = {}
            for r in plain.facts:
                chosen = min(parts.places.get(r, ()), default=None)
                if chosen is not None and not self._has_place(r):
                    places[r] = chosen
            new_quads.extend(_shared_fact_quads(plain, places))
        # Descriptions of cities not in the store, or names the store lacks: new quads.
        described = self._describe_cities([c for p in batch.values() for c in p.cities.values()])
        new_quads.extend(described)
        new_quads.extend(
            self._describe_officials({t: o for p in batch.values() for t, o in p.officials.items()})
        )
        undo = None
        if provisional:
            if drop or recompute or curated:
                raise NotFreshError(
                    f"{len(drop)} article(s) to replace, {len(recompute | curated)} relation(s) "
                    "to work out again"
                )
            # The articles' graphs are new (looked up above); of the shared ones, those
            # this write makes.
            shared = {q[3] for q in new_quads} - fresh
            made = fresh | {g for g in shared if not self._ox.contains_named_graph(_n(_value(g)))}
            undo = Undo(
                self._absent(new_quads, fresh, set(described)),
                sorted(made),
                set(self._pending_described),
                set(self._pending_officials),
            )

        try:
            if drop or recompute:
                pairs = self._pairs(recompute) | {
                    pair
                    for p in batch.values()
                    for r, f in p.facts.items()
                    if r in recompute
                    for pair in _pairs_of(f[2])
                }
                ops = [f"DROP SILENT GRAPH {g}" for g in drop]
                if new_quads:
                    ops.append(_insert_data(new_quads))
                ops.extend(_recompute_ops(sorted(recompute), sorted(pairs)))
                self._ox.update(" ;\n".join(ops))
            elif new_quads:
                self._load(nquads(new_quads))
            if curated:
                self.materialise(curated)
        except OSError as err:
            raise StoreError(
                f"{self.path or 'memory store'}: write failed; none of these {len(batch)} "
                "article(s) "
                f"was written, those written before are intact: {_os_reason(err)}"
            ) from err
        self._commit_described()
        return WriteReport(
            added=added, replaced=replaced, unchanged=unchanged, quads=len(new_quads), undo=undo
        )

    def _absent(
        self, quads: Sequence[QuadText], fresh: set[Term], new: set[QuadText]
    ) -> list[QuadText]:
        """The quads not in the store yet: those of the ``fresh`` graphs and those in
        ``new`` are not; the others are looked up (half of them, on the bench's texts)."""
        unique = list(dict.fromkeys(quads))
        others = [q for q in unique if q[3] not in fresh and q not in new]
        present = {q for q, quad in zip(others, to_quads(others), strict=True) if quad in self._ox}
        return [q for q in unique if q not in present]

    def retract(self, undos: Sequence[Undo]) -> None:
        """Take provisional writes out again, in one transaction: the store is as it was
        before the first of them (nothing else may have been written since)."""
        self._writable()
        quads = list(dict.fromkeys(q for u in undos for q in u.quads))
        ops = [_delete_data(quads)] if quads else []
        ops += [f"DROP SILENT GRAPH {g}" for u in undos for g in u.graphs]
        try:
            if ops:
                self._ox.update(" ;\n".join(ops))
        except OSError as err:
            raise StoreError(
                f"{self.path or 'memory store'}: could not take back {len(quads)} quads "
                f"written for an unfinished file: {_os_reason(err)}"
            ) from err
        for u in undos:
            self._described -= u.described
            self._officials -= u.officials

    def _resolve_article(self, article: Article, local: dict[str, Term]) -> tuple[Term, list[Term]]:
        """The IRI an article gets in this store, and stored articles it takes the place of."""
        own = _article_term(article)
        if article.url:
            return own, []
        if article.text.strip():
            h = _n_lit(text_hash(article.text))
            for q in self._ox.quads_for_pattern(None, _n(_value(_IC_TEXTHASH)), h, None):
                return str(q.graph_name), []
            # The text of an article first stored from records that cite it.
            old = [g for g in self._cited(article.source) if not self._has_text(g)]
            return own, old[:1]
        key = "s:" + article.source
        if key in local:
            return local[key], []
        stored = self._cited(article.source)
        if stored:
            return stored[0], []
        name = _file_name(article.source)
        if name and "f:" + name in local:
            return local["f:" + name], []
        return own, []

    def _cited(self, source: str) -> list[Term]:
        """Stored articles read from ``source``, else the one stored article whose file has
        the same name (``data/seed/x.txt`` cites ``../shared/seed/x.txt``)."""
        if not source:
            return []
        found = sorted(
            {
                str(q.graph_name)
                for q in self._ox.quads_for_pattern(
                    None, _n(_value(_DCTERMS_SOURCE)), _n_lit(source), None
                )
            }
        )
        if found:
            return found
        name = _file_name(source)
        if not name:
            return []
        by_name = {
            str(q.graph_name)
            for q in self._ox.quads_for_pattern(
                None, _n(_value(_DCTERMS_IDENTIFIER)), _n_lit(name), None
            )
            if str(q.subject) == str(q.graph_name)
        }
        return sorted(by_name) if len(by_name) == 1 else []

    def _has_text(self, g: Term) -> bool:
        node = _n(_value(g))
        return any(
            True for _ in self._ox.quads_for_pattern(node, _n(_value(_IC_TEXTHASH)), None, node)
        )

    def _has_place(self, r: Term) -> bool:
        return any(
            True
            for _ in self._ox.quads_for_pattern(
                _n(_value(r)), _n(_value(_SEM_HASPLACE)), None, _n(_value(_RELATIONS_GRAPH))
            )
        )

    def _pairs(self, relations: Iterable[Term]) -> set[tuple[Term, Term]]:
        """Pairs of parties of relations as the relations graph holds them now."""
        rels = _n(_value(_RELATIONS_GRAPH))
        party = _n(_value(_IC_PARTY))
        out: set[tuple[Term, Term]] = set()
        for r in relations:
            parties = sorted(
                str(q.object) for q in self._ox.quads_for_pattern(_n(_value(r)), party, None, rels)
            )
            out.update(_pairs_of(parties))
        return out

    def _describe_cities(self, cities: Sequence[City]) -> list[QuadText]:
        """Descriptions of the cities not yet in the store; for those that are, the names
        they are not yet known by, as other names (one label per language, always)."""
        merged: dict[str, City] = {}
        for city in cities:
            first = merged.get(city.key)
            if first is None:
                merged[city.key] = city
            elif _city_fingerprint(city) != _city_fingerprint(first):
                extra = tuple(n for n in (city.name, city.name_ko, *city.alt_names) if n)
                merged[city.key] = replace(first, alt_names=(*first.alt_names, *extra))
        quads: list[QuadText] = []
        pending: set[tuple[object, ...]] = set()
        for key in sorted(merged):
            city = merged[key]
            fp = _city_fingerprint(city)
            present = self._has_city(city)
            if fp in self._described and present:
                continue
            pending.add(fp)
            if not present:
                quads.extend(_city_quads(city, _CITIES_GRAPH))
                continue
            node = _n(_value(_city_term(key)))
            known = {
                q.object.value
                for p in (_LABEL, _ALT)
                for q in self._ox.quads_for_pattern(
                    node, _n(_value(p)), None, _n(_value(_CITIES_GRAPH))
                )
                if isinstance(q.object, ox.Literal)
            }
            _, others = _city_labels(city)
            names = [n for n in (city.name, city.name_ko, *others) if n and n not in known]
            s = _city_term(key)
            quads.extend((s, _ALT, _alt_term(n), _CITIES_GRAPH) for n in dict.fromkeys(names))
        self._pending_described = pending
        return quads

    def _describe_officials(self, officials: dict[Term, Official]) -> list[QuadText]:
        quads: list[QuadText] = []
        for term in sorted(officials):
            if term not in self._officials:
                quads.extend(_official_quads(officials[term], _OFFICIALS_GRAPH))
        self._pending_officials = set(officials)
        return quads

    def _commit_described(self) -> None:
        self._described.update(getattr(self, "_pending_described", ()))
        self._officials.update(getattr(self, "_pending_officials", ()))
        self._pending_described, self._pending_officials = set(), set()

    def _has_city(self, city: City) -> bool:
        node = ox.NamedNode(_value(_city_term(city.key)))
        return (
            ox.Quad(
                node, ox.NamedNode(_value(_A)), ox.NamedNode(_value(_CITY_CLASS)), _n(CITIES_GRAPH)
            )
            in self._ox
        )

    def _load(self, data: bytes) -> None:
        # On disk, Oxigraph's bulk loader writes sorted files and adds them to the store
        # in one step (RocksDB's atomic IngestExternalFiles): all or nothing, like a
        # transaction, at about half the cost of a transaction's writes, and without the
        # GIL, so the next batch is read meanwhile. In memory, a plain transaction.
        if self.path is not None:
            self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self._ox.load(data, format=ox.RdfFormat.N_QUADS)

    def remove_article(self, iri: str) -> bool:
        """Remove one article's graph, and the relation facts only it stated; the cities
        it named stay. True if it was there."""
        self._writable()
        g = ox.NamedNode(iri)
        if not self._ox.contains_named_graph(g):
            return False
        stated = {
            str(q.subject)
            for q in self._ox.quads_for_pattern(None, _n(_value(_IC_EVIDENCE)), None, g)
        }
        decided = self._decided()
        plain = sorted(stated - decided)
        ops = [f"DROP GRAPH {_iri(iri)}"]
        ops.extend(_recompute_ops(plain, sorted(self._pairs(plain))))
        self._ox.update(" ;\n".join(ops))
        if stated & decided:
            self.materialise(stated & decided)
        return True

    # --- the relations graph from the articles and the curation graph ---------------

    def _decided(self) -> set[Term]:
        """Relations a person decided about, and the relations corrections lead to."""
        out: set[Term] = set()
        for d in self.decisions().values():
            out.add(d.target)
            if d.corrected_to:
                out.add(d.corrected_to)
        return out

    def decisions(self) -> dict[Term, Decision]:
        """The latest decision about each relation (N-Triples term of its IRI -> decision)."""
        cur = _n(_value(_CURATION_GRAPH))
        pending = getattr(self, "_pending_curation", [])
        if not pending and not self._ox.contains_named_graph(cur):
            return {}
        by_node: dict[str, dict[str, list[str]]] = {}
        for q in [*self._ox.quads_for_pattern(None, None, None, cur), *to_quads(pending)]:
            by_node.setdefault(str(q.subject), {}).setdefault(str(q.predicate), []).append(
                q.object.value if isinstance(q.object, ox.Literal) else str(q.object)
            )
        latest: dict[Term, Decision] = {}
        for node, props in by_node.items():
            if _iri(IC.Curation) not in props.get(_A, []):
                continue
            d = Decision(
                iri=node,
                action=props[_iri(IC.action)][0],
                target=props[_iri(IC.target)][0],
                by=props.get(_DCTERMS_CREATOR, [""])[0],
                at=props.get(_DCTERMS_CREATED, [""])[0],
                why=props.get(_RDFS_COMMENT, [""])[0],
                corrected_to=props.get(_iri(IC.correctedTo), [None])[0],
            )
            now = latest.get(d.target)
            if now is None or (d.at, d.iri) > (now.at, now.iri):
                latest[d.target] = d
        return latest

    def _resolve(self, r: Term, decisions: dict[Term, Decision]) -> Term | None:
        """The relation node ``r`` shows as after the decisions: itself, the node a
        correction made of it, or None when rejected."""
        seen = set()
        while r not in seen:
            seen.add(r)
            d = decisions.get(r)
            if d is None or d.action == "confirm":
                return r
            if d.action == "reject":
                return None
            assert d.corrected_to is not None
            r = d.corrected_to
        return r

    def _readings(self, r: Term) -> list[_Reading]:
        """What each article states about relation ``r`` (one per evidence node)."""
        rels = _value(_RELATIONS_GRAPH)
        out = []
        for q in self._ox.quads_for_pattern(_n(_value(r)), _n(_value(_IC_EVIDENCE)), None, None):
            if q.graph_name.value == rels:  # type: ignore[union-attr]
                continue
            ev, g = q.object, q.graph_name
            props: dict[str, list[Term]] = {}
            for p in self._ox.quads_for_pattern(ev, None, None, g):  # type: ignore[arg-type]
                props.setdefault(str(p.predicate), []).append(str(p.object))
            if _ST_TYPE not in props:
                continue
            out.append(_Reading(r, str(ev), str(g), props))
        return out

    def materialise(
        self,
        relations: Iterable[Term],
        *,
        extra: Sequence[QuadText] = (),
    ) -> None:
        """Work the relations graph out again for these relations (N-Triples terms), from
        what the articles state and what people decided: the reference for every faster
        path that writes it. ``extra`` are curation quads to write in the same
        transaction, taken into account."""
        self._pending_curation = list(extra)
        try:
            self._materialise(set(relations), extra)
        finally:
            self._pending_curation = []

    def _materialise(self, touched: set[Term], extra: Sequence[QuadText]) -> None:
        decisions = self.decisions()
        rels = _n(_value(_RELATIONS_GRAPH))
        # Every node these relations showed as before, or show as now, and every
        # relation that shows as one of those nodes.
        nodes: set[Term] = set()
        for r in touched:
            nodes.add(r)
            shown = self._resolve(r, decisions)
            if shown:
                nodes.add(shown)
            for q in self._ox.quads_for_pattern(
                None, _n(_value(_PROV_WASREVISIONOF)), _n(_value(r)), rels
            ):
                nodes.add(str(q.subject))
        for d in decisions.values():
            for t in (d.target, d.corrected_to):
                if t in touched and t:
                    nodes.add(t)
        sources: dict[Term, set[Term]] = {n: set() for n in nodes}
        candidates = set(nodes) | set(decisions)
        for r in candidates:
            shown = self._resolve(r, decisions)
            if shown in sources:
                sources[shown].add(r)
        pairs = self._pairs(nodes)
        old: list[QuadText] = []
        new: list[QuadText] = []
        for node in sorted(nodes):
            for q in self._ox.quads_for_pattern(_n(_value(node)), None, None, rels):
                old.append((str(q.subject), str(q.predicate), str(q.object), _RELATIONS_GRAPH))
            content = self._node_quads(node, sorted(sources[node]), decisions)
            new.extend(content)
            parties = sorted(o for _, p, o, _ in content if p == _IC_PARTY)
            pairs.update(_pairs_of(parties))
        ops = [_insert_data(extra)] if extra else []
        if old:
            ops.append(_delete_data(old))
        if new:
            ops.append(_insert_data(new))
        ops.extend(_recompute_ops([], sorted(pairs)))
        self._ox.update(" ;\n".join(ops))

    def _node_quads(
        self, node: Term, sources: Sequence[Term], decisions: dict[Term, Decision]
    ) -> list[QuadText]:
        g = _RELATIONS_GRAPH
        readings = [(r, reading) for r in sources for reading in self._readings(r)]
        if not readings:
            return []
        identity = None
        for r, reading in readings:
            if r == node:
                identity = reading.identity()
                break
        if identity is None:
            for d in decisions.values():
                if d.corrected_to == node:
                    identity = self._decision_identity(d)
                    break
        if identity is None:
            return []
        type_, status, parties, date = identity
        quads = _fact_quads(node, type_, status, parties, date)
        officials = sorted(
            {o for _, reading in readings for o in reading.props.get(_ST_OFFICIAL, [])}
        )
        quads.extend((node, _IC_OFFICIAL, o, g) for o in officials)
        places = sorted({p for _, reading in readings for p in reading.props.get(_ST_PLACE, [])})
        if places:
            quads.append((node, _SEM_HASPLACE, places[0], g))
        if any(decisions.get(r) is not None for r in (*sources, node)):
            quads.append((node, _IC_CONFIRMED, _TRUE, g))
        for r, reading in readings:
            if r != node:
                quads.append((node, _PROV_WASDERIVEDFROM, reading.graph, g))
                quads.append((node, _IC_EVIDENCE, reading.evidence, g))
                quads.append((node, _PROV_WASREVISIONOF, r, g))
        return list(dict.fromkeys(quads))

    def _decision_identity(
        self, d: Decision
    ) -> tuple[RelationType, Status, tuple[Term, ...], Term | None] | None:
        cur = _n(_value(_CURATION_GRAPH))
        props: dict[str, list[Term]] = {}
        pending = [q for q in self._pending_curation if q[0] == d.iri]
        stored = self._ox.quads_for_pattern(_n(_value(d.iri)), None, None, cur)
        for q in [*stored, *to_quads(pending)]:
            props.setdefault(str(q.predicate), []).append(str(q.object))
        return _Reading(d.target, d.iri, _CURATION_GRAPH, props).identity()

    def rebuild_relations(self) -> None:
        """Drop the relations graph and work it out again from the articles and decisions."""
        self._writable()
        rels = _value(_RELATIONS_GRAPH)
        stated = {
            str(q.subject)
            for q in self._ox.quads_for_pattern(None, _n(_value(_IC_EVIDENCE)), None, None)
            if q.graph_name.value != rels  # type: ignore[union-attr]
        }
        self._ox.update(f"DROP SILENT GRAPH {_RELATIONS_GRAPH}")
        if stated or self.decisions():
            self.materialise(stated | set(self.decisions()))

    def relation_state(
        self, r: Term
    ) -> tuple[RelationType, Status, tuple[Term, ...], Term | None] | None:
        """A relation's type, status, parties and date: as the relations graph shows it,
        else as an article states it."""
        rels = _n(_value(_RELATIONS_GRAPH))
        props: dict[str, list[Term]] = {}
        for q in self._ox.quads_for_pattern(_n(_value(r)), None, None, rels):
            props.setdefault(str(q.predicate), []).append(str(q.object))
        if _IC_RELATIONTYPE in props:
            return (
                _TYPE_OF[props[_IC_RELATIONTYPE][0]],
                _STATUS_OF[props[_IC_STATUS][0]],
                tuple(sorted(props.get(_IC_PARTY, []))),
                props.get(_SEM_HASTIMESTAMP, [None])[0],
            )
        readings = self._readings(r)
        return readings[0].identity() if readings else None

    def curate(
        self,
        relation: str,
        action: str,
        *,
        by: str,
        why: str = "",
        type: RelationType | None = None,  # noqa: A002 - the option's name
        status: Status | None = None,
        date: str | None = None,
    ) -> Decision:
        """Record a person's decision about a relation (``reject``, ``confirm`` or
        ``correct``) in the curation graph, and show the relations graph accordingly.

        ``relation`` is the relation's IRI. A correction gives a new type, status or
        date; the relation then shows as the relation so corrected, with the sources and
        evidence of the one corrected. The latest decision about a relation holds.
        """
        self._writable()
        if action not in ("reject", "confirm", "correct"):
            raise ValueError(f"action {action!r}: use reject, confirm or correct")
        r = _iri(relation)
        state = self.relation_state(r)
        if state is None:
            raise NotFoundError(
                f"no relation {relation} in the store (see `kg review` for the relations)"
            )
        at = _dt.datetime.now(_dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        d = _iri(_CURATION_NS + _digest(relation, action, at, by))
        g = _CURATION_GRAPH
        quads: list[QuadText] = [
            (d, _A, _iri(IC.Curation), g),
            (d, _A, _iri(PROV.Activity), g),
            (d, _iri(IC.action), _lit(action), g),
            (d, _iri(IC.target), r, g),
            (d, _DCTERMS_CREATOR, _lit(by), g),
            (d, _DCTERMS_CREATED, _lit(at, "^^" + _iri(XSD.dateTime)), g),
        ]
        if why:
            quads.append((d, _RDFS_COMMENT, _lit(why), g))
        corrected_to = None
        if action == "correct":
            if type is None and status is None and date is None:
                raise ValueError("a correction gives a new type, status or date")
            type_, status_, parties, old_date = state
            new_type = RelationType(type) if type is not None else type_
            new_status = Status(status) if status is not None else status_
            if date is not None:
                new_date = _lit(date, _DATE_TYPES[len(date)]) if date else None
            else:
                new_date = old_date
            keys = [self._city_key(p) for p in parties]
            lexical = new_date[1 : new_date.index('"', 1)] if new_date else None
            corrected_to = _identity_term(new_type.value, new_status.value, sorted(keys), lexical)
            if corrected_to == r:
                raise ValueError(
                    "the correction changes nothing: give another type, status or date"
                )
            quads.append((d, _iri(IC.correctedTo), corrected_to, g))
            quads.append((d, _ST_TYPE, _TYPE_IRI[new_type], g))
            quads.append((d, _ST_STATUS, _STATUS_IRI[new_status], g))
            quads.extend((d, _ST_PARTY, p, g) for p in parties)
            if new_date:
                quads.append((d, _ST_DATE, new_date, g))
        touched = {r}
        if corrected_to:
            touched.add(corrected_to)
        self.materialise(touched, extra=quads)
        return Decision(
            iri=d, action=action, target=r, by=by, at=at, why=why, corrected_to=corrected_to
        )

    def _city_key(self, city: Term) -> str:
        node = _n(_value(city))
        for q in self._ox.quads_for_pattern(node, _n(_value(_DCTERMS_IDENTIFIER)), None, None):
            if isinstance(q.object, ox.Literal):
                return q.object.value
        local = _value(city).rsplit("/", 1)[-1]
        kind, _, rest = local.partition("-")
        return f"{kind}:{rest}"

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add raw quads in one transaction (for import of exported data)."""
        self._writable()
        try:
            self._ox.extend(quads)
        except OSError as err:
            raise StoreError(
                f"{self.path or 'memory store'}: write failed, nothing was written: "
                f"{_os_reason(err)}"
            ) from err

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

    def optimize(self) -> None:
        """Compact an on-disk store's files (RocksDB's full compaction).

        Each bulk-loaded batch lands as table files of its own, and every lookup then reads
        one of each: on 100k articles (97 files) the example queries ran 2-3x slower than
        after this, which took 20 s there (``bench``). :func:`kg.ingest.ingest` calls it
        after a run of several batches. Nothing for a store in memory or read-only.
        """
        if self.path is not None and not self.read_only:
            try:
                self._ox.optimize()
            except OSError as err:
                raise StoreError(
                    f"{self.path}: cannot compact the store: {_os_reason(err)}"
                ) from err

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


@dataclass(frozen=True)
class Decision:
    """A person's decision about a relation, as the curation graph records it.

    ``target`` and ``corrected_to`` are N-Triples terms (``<https://...>``).
    """

    iri: Term
    action: str
    target: Term
    by: str
    at: str
    why: str = ""
    corrected_to: Term | None = None

    @property
    def relation(self) -> str:
        """The IRI of the relation decided about."""
        return _value(self.target)


@dataclass
class _Reading:
    """What one article states about one relation: the props of its evidence node."""

    relation: Term
    evidence: Term
    graph: Term
    props: dict[str, list[Term]]

    def identity(self) -> tuple[RelationType, Status, tuple[Term, ...], Term | None] | None:
        try:
            type_ = _TYPE_OF[self.props[_ST_TYPE][0]]
            status = _STATUS_OF[self.props[_ST_STATUS][0]]
        except (KeyError, IndexError):
            return None
        parties = tuple(sorted(self.props.get(_ST_PARTY, [])))
        return type_, status, parties, self.props.get(_ST_DATE, [None])[0]


_DCTERMS_CREATOR = _iri(DCTERMS.creator)
_DCTERMS_CREATED = _iri(DCTERMS.created)
_RDFS_COMMENT = _iri(RDFS.comment)
_SINGLE_META = (
    _SCHEMA_URL,
    _SCHEMA_HEADLINE,
    _SCHEMA_DATEPUBLISHED,
    _SCHEMA_PUBLISHER,
    _SCHEMA_INLANGUAGE,
    _IC_TEXTHASH,
)


def _n_lit(text: str) -> ox.Literal:
    return ox.Literal(text)


def _pairs_of(parties: Sequence[Term]) -> set[tuple[Term, Term]]:
    ordered = sorted(set(parties))
    return {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]}


def _carried_meta(old: Sequence[ox.Quad], new: Sequence[QuadText], g: Term) -> list[QuadText]:
    """What a stored article says about itself that a newer reading of it keeps: every
    file it was read from, and its URL, title, date... where the newer reading has none."""
    have = {(p, o) for s, p, o, _ in new if s == g}
    have_p = {p for p, _ in have}
    out: list[QuadText] = []
    nodes: set[str] = set()
    for q in old:
        if str(q.subject) != str(q.graph_name):
            continue
        p, o = str(q.predicate), str(q.object)
        if (p in _MULTI_META and (p, o) not in have) or (p in _SINGLE_META and p not in have_p):
            out.append((g, p, o, g))
            have.add((p, o))
            have_p.add(p)
            if p == _SCHEMA_PUBLISHER:
                nodes.add(o)
    # The publisher's node comes with it.
    out.extend(
        (str(q.subject), str(q.predicate), str(q.object), g) for q in old if str(q.subject) in nodes
    )
    return sorted(set(out))


def _insert_data(quads: Sequence[QuadText], verb: str = "INSERT") -> str:
    by_graph: dict[Term, list[str]] = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append(f"{s} {p} {o} .")
    body = " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())
    return f"{verb} DATA {{ {body} }}"


def _delete_data(quads: Sequence[QuadText]) -> str:
    return _insert_data(quads, "DELETE")


_EDGE_VALUES = " ".join(f"({_TYPE_IRI[t]} {_STATUS_IRI[s]} {e})" for (t, s), e in _EDGE_IRI.items())


def _recompute_ops(relations: Sequence[Term], pairs: Sequence[tuple[Term, Term]]) -> list[str]:
    """SPARQL update operations that work the relations graph out again for relations
    nobody decided about (from the evidence nodes the article graphs hold now), and the
    pair edges between pairs of cities (from the relation nodes)."""
    rg = _RELATIONS_GRAPH
    ops: list[str] = []
    if relations:
        vals = "VALUES ?r { " + " ".join(relations) + " }"
        stated = f"GRAPH ?g {{ ?r {_IC_EVIDENCE} ?ev . ?ev"
        not_rg = f"FILTER (?g != {rg})"
        ops += [
            f"DELETE {{ GRAPH {rg} {{ ?r ?p ?o }} }} WHERE {{ {vals} GRAPH {rg} {{ ?r ?p ?o }} }}",
            f"INSERT {{ GRAPH {rg} {{ ?r a {_RELATION} , {_EVENT} ; {_IC_RELATIONTYPE} ?t ; "
            f"{_IC_STATUS} ?s ; {_IC_PARTY} ?party }} }} WHERE {{ {vals} {stated} {_ST_TYPE} ?t ; "
            f"{_ST_STATUS} ?s ; {_ST_PARTY} ?party }} {not_rg} }}",
            f"INSERT {{ GRAPH {rg} {{ ?r {_SEM_HASTIMESTAMP} ?d ; "
            f"{_IC_DATEPRECISION} ?precision }} }} "
            f"WHERE {{ {vals} {stated} {_ST_DATE} ?d }} {not_rg} "
            f'BIND (IF(DATATYPE(?d) = {_iri(XSD.date)}, "day", '
            f'IF(DATATYPE(?d) = {_iri(XSD.gYearMonth)}, "month", "year")) AS ?precision) }}',
            f"INSERT {{ GRAPH {rg} {{ ?r {_IC_OFFICIAL} ?o }} }} WHERE "
            f"{{ {vals} {stated} {_ST_OFFICIAL} ?o }} {not_rg} }}",
            f"INSERT {{ GRAPH {rg} {{ ?r {_SEM_HASPLACE} ?place }} }} WHERE "
            f"{{ {{ SELECT ?r (MIN(STR(?p)) AS ?first) "
            f"WHERE {{ {vals} {stated} {_ST_PLACE} ?p }} {not_rg} "
            f"}} GROUP BY ?r }} BIND (IRI(?first) AS ?place) }}",
        ]
    if pairs:
        both = "VALUES (?a ?b) { " + " ".join(f"({a} {b}) ({b} {a})" for a, b in pairs) + " }"
        edges = f"VALUES ?e {{ {_RELATED} {' '.join(_EDGE_IRI.values())} }}"
        ops += [
            f"DELETE {{ GRAPH {rg} {{ ?a ?e ?b }} }} WHERE "
            f"{{ {both} {edges} GRAPH {rg} {{ ?a ?e ?b }} }}",
            f"INSERT {{ GRAPH {rg} {{ ?a {_RELATED} ?b }} }} WHERE "
            f"{{ {both} GRAPH {rg} {{ ?x {_IC_PARTY} ?a , ?b }} }}",
            f"INSERT {{ GRAPH {rg} {{ ?a ?e ?b }} }} WHERE "
            f"{{ {both} VALUES (?t ?s ?e) {{ {_EDGE_VALUES} }} "
            f"GRAPH {rg} {{ ?x {_IC_PARTY} ?a , ?b ; {_IC_RELATIONTYPE} ?t ; "
            f"{_IC_STATUS} ?s }} }}",
        ]
    return ops


def _city_fingerprint(city: City) -> tuple[object, ...]:
    # Everything _city_quads writes (City's own equality leaves out position and aliases).
    return (
        city.key,
        city.name,
        city.name_ko,
        city.country,
        city.geonames,
        city.lat,
        city.lon,
        city.alt_names,
    )


def _canonical(quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    # Oxigraph stores literals in canonical form (0.850 -> 0.85): compare like with like.
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch.quads_for_pattern(None, None, None, None))
