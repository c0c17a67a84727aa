"""What ``kg serve`` says about itself: the SPARQL 1.1 Service Description at ``/sparql``.

A client that GETs the endpoint without a query (rdflib, SPARQL editors, crawlers) gets
an RDF description of the service: the query language (and update, when allowed), the
result formats, the union default graph, and the kg prefixes as SHACL prefix declarations
(``sh:declare``, the usual way to publish prefixes in RDF).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, XSD

from .namespaces import ENTAILMENT, FORMATS, PREFIXES, SD, SH

__all__ = ["service_description", "RESULT_FORMAT_IRIS"]

#: The W3C format IRI of each answer format kg serve writes.
RESULT_FORMAT_IRIS = {
    "json": FORMATS["SPARQL_Results_JSON"],
    "xml": FORMATS["SPARQL_Results_XML"],
    "csv": FORMATS["SPARQL_Results_CSV"],
    "tsv": FORMATS["SPARQL_Results_TSV"],
    "turtle": FORMATS["Turtle"],
    "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"],
    "rdfxml": FORMATS["RDF_XML"],
}


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def service_description(endpoint: str, *, allow_update: bool = False) -> list[ox.Triple]:
    """The triples of the service description of the endpoint at URL ``endpoint``.

    >>> url = "http://127.0.0.1:8000/sparql"
    >>> feature = ox.Triple(ox.NamedNode(url), _n(SD.feature), _n(SD.UnionDefaultGraph))
    >>> feature in service_description(url)
    True
    """
    service = ox.NamedNode(endpoint)
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("default")
    out = [
        ox.Triple(service, _n(RDF.type), _n(SD.Service)),
        ox.Triple(service, _n(SD.endpoint), service),
        ox.Triple(
            service, _n(RDFS.label), ox.Literal("kg: relations between cities, from the news")
        ),
        ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Query)),
        ox.Triple(service, _n(SD.feature), _n(SD.UnionDefaultGraph)),
        ox.Triple(service, _n(SD.defaultEntailmentRegime), _n(ENTAILMENT.Simple)),
        ox.Triple(service, _n(SD.defaultDataset), dataset),
        ox.Triple(dataset, _n(RDF.type), _n(SD.Dataset)),
        ox.Triple(dataset, _n(SD.defaultGraph), default_graph),
        ox.Triple(default_graph, _n(RDF.type), _n(SD.Graph)),
        ox.Triple(
            default_graph,
            _n(RDFS.comment),
            ox.Literal(
                "the union of all named graphs (one per article, plus the cities and the ontology)"
            ),
        ),
    ]
    if allow_update:
        out.append(ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Update)))
    out += [ox.Triple(service, _n(SD.resultFormat), _n(iri)) for iri in RESULT_FORMAT_IRIS.values()]
    for prefix, namespace in PREFIXES.items():
        decl = ox.BlankNode(f"prefix_{prefix}")
        out += [
            ox.Triple(service, _n(SH.declare), decl),
            ox.Triple(decl, _n(SH.prefix), ox.Literal(prefix)),
            ox.Triple(decl, _n(SH.namespace), ox.Literal(namespace, datatype=_n(XSD.anyURI))),
        ]
    # Grouped by subject, the service first, so the Turtle reads as one block per node.
    return sorted(out, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))


def serialize_description(endpoint: str, fmt: str, *, allow_update: bool = False) -> bytes:
    """The service description written as ``fmt`` (turtle, ntriples, jsonld, rdfxml)."""
    from .query import _GRAPH_FORMATS

    rdf_fmt = _GRAPH_FORMATS[fmt]
    prefixes = {
        "sd": str(SD),
        "formats": str(FORMATS),
        "sh": str(SH),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
    }
    with_prefixes = rdf_fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    triples = service_description(endpoint, allow_update=allow_update)
    return (
        ox.serialize(triples, format=rdf_fmt, prefixes=prefixes if with_prefixes else None) or b""
    )
