"""The project's namespaces and prefixes, defined once; nowhere else writes an IRI string."""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

BASE = "https://w3id.org/intercity/"


class IC(DefinedNamespace):
    """The kg ontology (``ontologies/intercity.ttl``). A typo in a term fails at import."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Relation: URIRef
    Official: URIRef
    Evidence: URIRef
    Curation: URIRef
    RelationType: URIRef
    RelationStatus: URIRef
    # n-ary relation properties
    relationType: URIRef
    status: URIRef
    party: URIRef
    official: URIRef
    confidence: URIRef
    evidence: URIRef
    representsCity: URIRef
    role: URIRef
    datePrecision: URIRef
    # what one article states about a relation, on its evidence node (the relation node
    # itself, in the shared relations graph, carries the merged and curated facts)
    statedType: URIRef
    statedStatus: URIRef
    statedParty: URIRef
    statedDate: URIRef
    statedPlace: URIRef
    statedOfficial: URIRef
    quote: URIRef
    textHash: URIRef
    # curation: a person's decision about a relation
    action: URIRef
    target: URIRef
    correctedTo: URIRef
    confirmed: URIRef
    # cue words of a relation type (SKOS vocabulary extension)
    cueKo: URIRef
    cueEn: URIRef
    statusCueKo: URIRef
    shortcutProperty: URIRef
    # which type and status a pair edge stands for (intercity.ttl; kg.store.PAIR_EDGES)
    edgeType: URIRef
    edgeStatus: URIRef
    # symmetric shortcut edges between cities (intercity.ttl); which type writes which
    # is said in relations.ttl (ic:shortcutProperty, read by kg.taxonomy)
    relatedTo: URIRef
    sisterCityOf: URIRef
    friendshipWith: URIRef
    cooperatesWith: URIRef
    metWith: URIRef
    visitExchangedWith: URIRef
    exchangesWith: URIRef
    aidBetween: URIRef


TYPE = Namespace(BASE + "relation-type/")
STATUS = Namespace(BASE + "status/")
ID = Namespace(BASE + "id/")
CITY = Namespace(BASE + "id/city/")
RELATION = Namespace(BASE + "id/relation/")
ARTICLE = Namespace(BASE + "id/article/")
OFFICIAL = Namespace(BASE + "id/official/")
EVIDENCE = Namespace(BASE + "id/evidence/")
CURATION = Namespace(BASE + "id/curation/")
GRAPH = Namespace(BASE + "graph/")

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
#: GeoNames features (the resources a city is the same as) and the GeoNames ontology.
GN = Namespace("https://sws.geonames.org/")
GNO = Namespace("http://www.geonames.org/ontology#")
ORGANIZATION = Namespace(BASE + "id/organization/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: SPARQL 1.1 Service Description, the W3C's format names, entailment regimes (kg serve).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT = Namespace("http://www.w3.org/ns/entailment/")

#: The named graph that holds city descriptions shared by every article graph.
CITIES_GRAPH = GRAPH["cities"]
#: The relation facts shared by every article that states them: one node per relation,
#: its type, status, parties, date, merged officials and place, and the shortcut edges.
#: Derived from the article graphs and the curation graph, and kept in step with them.
RELATIONS_GRAPH = GRAPH["relations"]
#: Descriptions of officials (name, role, city), shared like the cities.
OFFICIALS_GRAPH = GRAPH["officials"]
#: A person's decisions (reject, confirm, correct) about relations; no ingest writes here.
CURATION_GRAPH = GRAPH["curation"]
#: The relation scheme and ontology, when loaded into a store.
ONTOLOGY_GRAPH = GRAPH["ontology"]

#: Prefixes bound in every serialisation and available to every query.
PREFIXES: dict[str, str] = {
    "ic": str(IC._NS),
    "ictype": str(TYPE),
    "icstatus": str(STATUS),
    "city": str(CITY),
    "rel": str(RELATION),
    "article": str(ARTICLE),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "oa": str(OA),
    "gn": str(GNO),
    "geonames": str(GN),
    "geo": str(GEO),
    "wdt": str(WDT),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def safe_iri(text: str) -> str:
    """``text`` with the characters an IRI cannot hold percent-encoded (as UTF-8 bytes)."""
    if _IRI_UNSAFE.search(text):
        text = _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    return text


def digest(*parts: str) -> str:
    """The stable short hash the minted IRIs end with (20 hex digits of SHA-256)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def city_iri(key: str) -> str:
    """A city's IRI from its gazetteer key; the one place the city IRI scheme is written.

    A known city keeps its key (``gn:1842485`` -> ``.../id/city/gn-1842485``); a city the
    gazetteer does not know (``new:<cc>:<name>``) gets a hash of its key.

    >>> city_iri("gn:1842485")
    'https://w3id.org/intercity/id/city/gn-1842485'
    >>> city_iri("new:xx:neverland-city").startswith(str(CITY) + "new-")
    True
    """
    kind, _, rest = key.partition(":")
    if kind == "new":
        return f"{CITY}new-{digest(key)}"
    return safe_iri(f"{CITY}{kind}-{rest}")
