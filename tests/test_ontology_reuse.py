"""The data uses the standard term where one exists: owl:sameAs to GeoNames, gn:countryCode,
a publisher that is a schema:Organization, evidence that is an oa:Annotation; and kg's
ontology file states axioms about its own terms only."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS

from kg.graph import KnowledgeGraph, ontology_files
from kg.model import Article, City, Evidence, Relation, RelationType, Status
from kg.namespaces import GN, GNO, IC, OA, PREFIXES, SCHEMA

GOYANG = City("gn:1842485", "Goyang", "고양시", "KR", 1842485)
YIWU = City("gn:1814870", "Yiwu", "이우시", "CN", 1814870)
TEXT = "고양시는 23일 중국 이우시와 우호도시 협약을 맺었다."


def _graph() -> rdflib.Graph:
    article = Article(source="https://news.example/a/1", text=TEXT, publisher="가상일보")
    relation = Relation(
        RelationType.FRIENDSHIP,
        Status.ACTIVE,
        (GOYANG, YIWU),
        evidence=Evidence(TEXT, 0, len(TEXT)),
        source=article.source,
    )
    with KnowledgeGraph() as kg:
        kg.add([(article, [relation])])
        return kg.union_graph()


def test_cities_are_the_same_as_their_geonames_features_not_skos_concepts() -> None:
    g = _graph()
    city = next(g.subjects(RDF.type, SCHEMA.City))
    same = {str(o) for c in g.subjects(RDF.type, SCHEMA.City) for o in g.objects(c, OWL.sameAs)}
    assert same == {f"{GN}1842485/", f"{GN}1814870/"}
    assert not list(g.triples((None, SKOS.exactMatch, None)))
    assert (city, RDF.type, SKOS.Concept) not in g
    codes = {str(o) for o in g.objects(None, GNO.countryCode)}
    assert codes == {"KR", "CN"}
    assert PREFIXES["gn"] == "http://www.geonames.org/ontology#"  # gn: is the ontology
    assert PREFIXES["geonames"] == "https://sws.geonames.org/"
    with pytest.raises(AttributeError):  # kg's own term is gone, from the vocabulary and the data
        IC.countryCode  # noqa: B018
    assert not list(g.triples((None, rdflib.URIRef(PREFIXES["ic"] + "countryCode"), None)))


def test_the_publisher_is_an_organization() -> None:
    g = _graph()
    [publisher] = list(g.objects(None, SCHEMA.publisher))
    assert isinstance(publisher, rdflib.URIRef)
    assert (publisher, RDF.type, SCHEMA.Organization) in g
    assert str(g.value(publisher, SCHEMA.name)) == "가상일보"


def test_evidence_is_a_web_annotation_with_body_and_target() -> None:
    g = _graph()
    [relation] = list(g.subjects(RDF.type, IC.Relation))
    [evidence] = list(g.objects(relation, IC.evidence))
    assert (evidence, RDF.type, OA.Annotation) in g and (evidence, RDF.type, IC.Evidence) in g
    assert g.value(evidence, OA.hasBody) == relation
    assert g.value(evidence, OA.motivatedBy) == OA.identifying
    target = g.value(evidence, OA.hasTarget)
    assert (target, RDF.type, OA.SpecificResource) in g
    article = g.value(relation, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert g.value(target, OA.hasSource) == article
    selectors = set(g.objects(target, OA.hasSelector))
    quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g]
    assert [str(g.value(q, OA.exact)) for q in quotes] == [TEXT]
    assert (evidence, OA.hasSource, None) not in g  # a bare SpecificResource no more


def test_the_ontology_states_axioms_about_its_own_terms_only() -> None:
    ic = PREFIXES["ic"]
    for path in ontology_files():
        g = rdflib.Graph().parse(path, format="turtle")
        foreign = {
            s
            for s in g.subjects()
            if isinstance(s, rdflib.URIRef) and not str(s).startswith("https://w3id.org/intercity/")
        }
        assert foreign == set(), (path.name, sorted(foreign))
        assert (SCHEMA.City, None, None) not in g
    header = ontology_files()[0].read_text(encoding="utf-8").split("@prefix")[0]
    for vocabulary in ("schema.org", "SEM", "PROV-O", "Web Annotation", "GeoNames", "SKOS"):
        assert vocabulary in header
    ontology = rdflib.Graph().parse(ontology_files()[0], format="turtle")
    assert (rdflib.URIRef(ic + "Evidence"), rdflib.RDFS.subClassOf, OA.Annotation) in ontology
