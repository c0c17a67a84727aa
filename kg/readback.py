"""The store gives back what it stores: relations as the model's frozen dataclasses.

:func:`relations` reads each relation node of the relations graph with what each article
states about it (one :class:`~kg.model.Relation` per evidence node, as extraction made
it: the evidence span, officials, place and confidence that article gives), after the
decisions of the curation graph. :func:`review_rows` lists them for a person to check,
and :func:`to_dataframe` puts them in a table, one row per relation node.

>>> from kg.graph import KnowledgeGraph, sample_path
>>> kg = KnowledgeGraph()
>>> _ = kg.ingest([sample_path()])
>>> rels = relations(kg, city="고양", type="meeting")
>>> sorted(sorted(c.name for c in r.cities) for r in rels), {r.date for r in rels}
([['Goyang', 'Jinju'], ['Goyang', 'Yiwu']], {'2024-10-23'})
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from .errors import KGError, NotFoundError
from .model import City, Evidence, Official, Relation, RelationType, Status
from .namespaces import CITY, city_iri

if TYPE_CHECKING:
    import pandas as pd

    from .query import QueryResult

__all__ = ["relations", "relation_rows", "review_rows", "to_dataframe", "resolve_city", "ReviewRow"]


class Queryable(Protocol):
    """Anything that answers SPARQL as kg does (the front class, a store wrapper)."""

    def query(self, sparql: str, **bindings: Any) -> QueryResult: ...


_READINGS = """
SELECT ?rel ?type ?status ?date ?ev ?g ?confidence ?quote ?start ?end ?place ?confirmed
WHERE {
  ?rel a ic:Relation ; ic:relationType ?t ; ic:status ?s ; ic:evidence ?ev .
  ?t skos:notation ?type . ?s skos:notation ?status .
  OPTIONAL { ?rel sem:hasTimeStamp ?date }
  OPTIONAL { ?rel ic:confirmed ?confirmed }
  ?ev oa:hasTarget ?target ; ic:confidence ?confidence . ?target oa:hasSource ?g .
  OPTIONAL { ?target oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote }
  OPTIONAL { ?target oa:hasSelector ?p .
             ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
  OPTIONAL { ?ev ic:statedPlace ?place }
}
"""
_PARTIES = "SELECT ?rel ?city WHERE { ?rel a ic:Relation ; ic:party ?city }"
_EV_OFFICIALS = """
SELECT ?ev ?o ?name ?role ?city WHERE {
  ?rel a ic:Relation ; ic:evidence ?ev . ?ev ic:statedOfficial ?o .
  ?o schema:name ?name ; ic:role ?role .
  OPTIONAL { ?o ic:representsCity ?city }
}
"""
_SOURCES = """
SELECT ?g (MIN(?src) AS ?source) (SAMPLE(?u) AS ?url) WHERE {
  ?g a schema:NewsArticle . OPTIONAL { ?g dcterms:source ?src } OPTIONAL { ?g schema:url ?u }
} GROUP BY ?g
"""
_CITIES = """
SELECT ?city ?key ?en ?ko ?cc ?gn ?lat ?lon WHERE {
  ?city a schema:City .
  OPTIONAL { ?city dcterms:identifier ?key }
  OPTIONAL { ?city rdfs:label ?en FILTER (lang(?en) = "en") }
  OPTIONAL { ?city rdfs:label ?ko FILTER (lang(?ko) = "ko") }
  OPTIONAL { ?city gn:countryCode ?cc }
  OPTIONAL { ?city owl:sameAs ?gn }
  OPTIONAL { ?city geo:lat ?lat ; geo:long ?lon }
}
"""
_FIND_CITY = """
SELECT DISTINCT ?city ?name WHERE {
  ?city a schema:City .
  { ?city rdfs:label ?l } UNION { ?city skos:altLabel ?l }
  FILTER (STR(?l) = ?name)
}
"""
_GN_ID = re.compile(r"/(\d+)/?$")


@dataclass(frozen=True)
class ReviewRow:
    """A relation node to check: its IRI, lowest and highest confidence, sources, evidence."""

    iri: str
    relation: Relation
    confidence: float
    sources: tuple[str, ...]
    evidence: tuple[str, ...]
    confirmed: bool

    @property
    def short(self) -> str:
        """The last part of the IRI, enough to name the relation to ``kg reject``."""
        return self.iri.rsplit("/", 1)[-1][:12]


def resolve_city(kg: Queryable, name: str) -> str:
    """The IRI of a city named in any form: its IRI, gazetteer key, label or other name
    (고양, 고양시, Goyang, Goyang-si). Raises :class:`~kg.errors.NotFoundError`."""
    name = name.strip()
    if name.startswith(str(CITY)):
        return name
    if re.fullmatch(r"(gn|kr|new):\S+", name):
        return city_iri(name)
    found = [r["city"] for r in kg.query(_FIND_CITY, name=name).values() if r["city"]]
    if len(found) == 1:
        return str(found[0])
    from .gazetteer import Gazetteer

    known = {
        str(r["city"]) for r in kg.query("SELECT ?city WHERE { ?city a schema:City }").values()
    }
    for city in Gazetteer.default().lookup(name):
        iri = city_iri(city.key)
        if iri in known:
            return iri
    if found:
        raise NotFoundError(
            f"{name!r} names several cities: {', '.join(map(str, found[:5]))}; give the IRI"
        )
    raise NotFoundError(f"no city named {name!r} in the store (try its Korean or English name)")


def _cities(kg: Queryable) -> dict[str, City]:
    out: dict[str, City] = {}
    for r in kg.query(_CITIES).values():
        iri = str(r["city"])
        if iri in out:
            continue
        gn = _GN_ID.search(r["gn"] or "")
        key = r["key"] or _key_of(iri)
        out[iri] = City(
            key=key,
            name=r["en"] or r["ko"] or key,
            name_ko=r["ko"],
            country=r["cc"],
            geonames=int(gn.group(1)) if gn else None,
            lat=float(r["lat"]) if r["lat"] else None,
            lon=float(r["lon"]) if r["lon"] else None,
        )
    return out


def _key_of(iri: str) -> str:
    kind, _, rest = iri.rsplit("/", 1)[-1].partition("-")
    return f"{kind}:{rest}"


def relation_rows(
    kg: Queryable,
    *,
    city: str | None = None,
    type: str | RelationType | None = None,  # noqa: A002 - the public keyword
    status: str | Status | None = None,
    since: str | None = None,
) -> list[tuple[str, Relation, bool]]:
    """``(relation IRI, Relation, confirmed)`` for each evidence node of each relation
    node that passes the filters (see :func:`relations`)."""
    bindings: dict[str, Any] = {}
    if type is not None:
        bindings["type"] = RelationType(type).value
    if status is not None:
        bindings["status"] = Status(status).value
    query = _READINGS
    if city is not None:
        bindings["city"] = ox.NamedNode(resolve_city(kg, city))
        query = query.replace("?rel ?type", "?rel ?city ?type", 1)
        query = query.replace("?rel a ic:Relation ;", "?rel a ic:Relation ; ic:party ?city ;", 1)
    cities = _cities(kg)
    parties: dict[str, list[str]] = {}
    for r in kg.query(_PARTIES).values():
        parties.setdefault(str(r["rel"]), []).append(str(r["city"]))
    officials: dict[str, list[Official]] = {}
    for r in kg.query(_EV_OFFICIALS).values():
        represented = cities.get(str(r["city"])) if r["city"] else None
        officials.setdefault(str(r["ev"]), []).append(
            Official(str(r["name"]), str(r["role"]), represented)
        )
    sources = {str(r["g"]): r["source"] or r["url"] or "" for r in kg.query(_SOURCES).values()}
    out: list[tuple[str, Relation, bool]] = []
    seen: set[tuple[str, str]] = set()
    for r in kg.query(query, **bindings).values():
        rel, ev = str(r["rel"]), str(r["ev"])
        if (rel, ev) in seen:
            continue
        seen.add((rel, ev))
        date = r["date"]
        if since and not (date and date[: len(since)] >= since[: len(date)]):
            continue
        evidence = None
        if r["quote"] is not None:
            start = int(r["start"]) if r["start"] else 0
            end = int(r["end"]) if r["end"] else start + len(r["quote"])
            evidence = Evidence(r["quote"], start, end)
        relation = Relation(
            type=RelationType(str(r["type"])),
            status=Status(str(r["status"])),
            cities=tuple(cities[c] for c in parties.get(rel, []) if c in cities),
            date=date,
            place=cities.get(str(r["place"])) if r["place"] else None,
            officials=tuple(officials.get(ev, [])),
            evidence=evidence,
            source=sources.get(str(r["g"])) or None,
            confidence=float(r["confidence"] or 1.0),
        )
        out.append((rel, relation, r["confirmed"] == "true"))
    out.sort(key=lambda x: (x[0], x[1].source or "", x[1].evidence.start if x[1].evidence else -1))
    return out


def relations(
    kg: Queryable,
    *,
    city: str | None = None,
    type: str | RelationType | None = None,  # noqa: A002 - the public keyword
    status: str | Status | None = None,
    since: str | None = None,
) -> list[Relation]:
    """The relations the store holds, as :class:`~kg.model.Relation` objects.

    One per relation and article that states it, as extraction made it: the article's
    evidence span, officials, place and confidence; type, status, parties and date as
    the relation node shows them (after a person's corrections; rejected relations are
    left out). ``city`` (in any form), ``type``, ``status`` and ``since`` (a date, at the
    precision of the relation's own date) keep only the matching relations.
    """
    return [
        rel for _, rel, _ in relation_rows(kg, city=city, type=type, status=status, since=since)
    ]


def review_rows(kg: Queryable, **filters: Any) -> list[ReviewRow]:
    """Relation nodes to check, lowest confidence first, with their evidence and sources."""
    grouped: dict[str, list[tuple[Relation, bool]]] = {}
    for iri, rel, confirmed in relation_rows(kg, **filters):
        grouped.setdefault(iri, []).append((rel, confirmed))
    rows = []
    for iri, items in grouped.items():
        rels = [r for r, _ in items]
        rows.append(
            ReviewRow(
                iri=iri,
                relation=min(rels, key=lambda r: r.confidence),
                confidence=min(r.confidence for r in rels),
                sources=tuple(sorted({r.source or "" for r in rels})),
                evidence=tuple(dict.fromkeys(r.evidence.text for r in rels if r.evidence)),
                confirmed=any(c for _, c in items),
            )
        )
    rows.sort(key=lambda r: (r.confirmed, r.confidence, r.iri))
    return rows


def find_relation(kg: Queryable, name: str) -> str:
    """The IRI of a relation named by its IRI or the start of its last part (``kg review``
    prints 12 characters); rejected and corrected relations are found too."""
    from .namespaces import RELATION

    name = name.strip()
    if name.startswith(str(RELATION)):
        return name
    if not re.fullmatch(r"[0-9a-f]{4,}", name):
        raise KGError(f"{name!r} is not a relation: give its IRI or the id `kg review` prints")
    rows = kg.query(
        "SELECT DISTINCT ?rel ?prefix WHERE { { ?rel a ic:Relation } UNION { ?rel ic:evidence ?ev "
        "} "
        "FILTER (STRSTARTS(STR(?rel), STR(?prefix))) }",
        prefix=str(RELATION) + name,
    ).values()
    found = sorted({str(r["rel"]) for r in rows})
    if not found:
        raise NotFoundError(f"no relation {name!r} in the store (see `kg review`)")
    if len(found) > 1:
        raise NotFoundError(f"{name!r} names {len(found)} relations; give more of its id")
    return found[0]


def to_dataframe(kg: Queryable, **filters: Any) -> pd.DataFrame:
    """The relations as a pandas table, one row per relation node (each fact once).

    Columns: ``relation`` (IRI), ``type``, ``status`` (categories), ``cities`` and
    ``city_keys`` (lists), ``date`` (ISO text at its precision), ``date_precision``,
    ``year`` (nullable integer), ``place``, ``officials`` (list of "name (role)"),
    ``sources`` (integer), ``source_list`` (list), ``evidence`` (list of sentences),
    ``confidence`` (highest, float), ``confirmed`` (bool). Needs pandas
    (``pip install 'kg[pandas]'``).
    """
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise KGError("to_dataframe needs pandas: pip install 'kg[pandas]'") from err
    grouped: dict[str, list[tuple[Relation, bool]]] = {}
    for iri, rel, confirmed in relation_rows(kg, **filters):
        grouped.setdefault(iri, []).append((rel, confirmed))
    records = []
    for iri, items in grouped.items():
        rels = [r for r, _ in items]
        first = rels[0]
        places = sorted({r.place.name for r in rels if r.place})
        records.append(
            {
                "relation": iri,
                "type": first.type.value,
                "status": first.status.value,
                "cities": [c.name for c in first.cities],
                "city_keys": [c.key for c in first.cities],
                "date": first.date,
                "date_precision": {10: "day", 7: "month", 4: "year"}.get(len(first.date or "")),
                "year": int(first.date[:4]) if first.date else None,
                "place": places[0] if places else None,
                "officials": sorted(
                    {f"{o.name} ({o.role_label})" for r in rels for o in r.officials}
                ),
                "sources": len({r.source for r in rels}),
                "source_list": sorted({r.source or "" for r in rels}),
                "evidence": list(dict.fromkeys(r.evidence.text for r in rels if r.evidence)),
                "confidence": max(r.confidence for r in rels),
                "confirmed": any(c for _, c in items),
            }
        )
    columns = [
        "relation", "type", "status", "cities", "city_keys", "date", "date_precision", "year",
        "place", "officials", "sources", "source_list", "evidence", "confidence", "confirmed",
    ]  # fmt: skip
    df = pd.DataFrame.from_records(records, columns=columns)
    return df.astype(
        {
            "type": pd.CategoricalDtype([t.value for t in RelationType]),
            "status": pd.CategoricalDtype([s.value for s in Status]),
            "year": "Int64",
            "sources": "int64",
            "confidence": "float64",
            "confirmed": "bool",
        }
    )


_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:", re.MULTILINE)


def query_parameters(kg: Queryable, sparql: str, values: dict[str, str]) -> dict[str, Any]:
    """Bindings for a query from text values: the parameters a query declares
    (``# param city: ...``) take a city in any form (``city``), a relation type code
    (``type``) or a status code (``status``); other values go in as they are.

    >>> from kg.graph import KnowledgeGraph, sample_path
    >>> kg = KnowledgeGraph()
    >>> _ = kg.ingest([sample_path()])
    >>> query_parameters(kg, "# param city: a city", {"city": "고양"})["city"].value
    'https://w3id.org/intercity/id/city/gn-1842485'
    """
    from .namespaces import STATUS, TYPE

    declared = set(_PARAM.findall(sparql))
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in declared or value.startswith(("http://", "https://", "urn:")):
            out[name] = value
        elif name in ("city", "partner"):
            out[name] = ox.NamedNode(resolve_city(kg, value))
        elif name == "type":
            try:
                out[name] = ox.NamedNode(str(TYPE[RelationType(value).value]))
            except ValueError as err:
                codes = ", ".join(t.value for t in RelationType)
                raise KGError(f"type {value!r} is not a relation type: use one of {codes}") from err
        elif name == "status":
            try:
                out[name] = ox.NamedNode(str(STATUS[Status(value).value]))
            except ValueError as err:
                codes = ", ".join(s.value for s in Status)
                raise KGError(f"status {value!r} is not a status: use one of {codes}") from err
        else:
            out[name] = value
    return out
