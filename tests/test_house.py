"""The house rules the code keeps: one city IRI scheme, one taxonomy, no import circle."""

from __future__ import annotations

from pathlib import Path

from kg.graph import KnowledgeGraph, city_node
from kg.model import City, Evidence, Relation, RelationType, Status


def test_a_city_the_gazetteer_does_not_know_is_found_by_its_iri() -> None:
    neverland = City.unknown("Neverland City", "XX")
    goyang = City("gn:1842485", "Goyang", "고양시", "KR", 1842485)
    rel = Relation(
        type=RelationType.FRIENDSHIP,
        status=Status.ACTIVE,
        cities=(goyang, neverland),
        evidence=Evidence("Goyang and Neverland City are friends.", 0, 38),
        source="house-test",
    )
    with KnowledgeGraph() as kg:
        kg.add_relations([rel])
        rows = kg.query(
            "SELECT ?c ?name WHERE { ?c rdfs:label ?name }", c=city_node(neverland.key)
        ).values()
    assert [str(r["name"]) for r in rows] == ["Neverland City"]


def test_every_relation_type_and_status_comes_from_relations_ttl() -> None:
    """The enums, labels, cues and shortcut edges are those of ontologies/relations.ttl."""
    import rdflib
    from rdflib.namespace import RDF, SKOS

    from kg.extract.lexicon import lexicon
    from kg.model import Status
    from kg.namespaces import IC
    from kg.store import SHORTCUTS
    from kg.taxonomy import taxonomy

    text = Path(__file__).parents[1].joinpath("ontologies", "relations.ttl").read_text("utf-8")
    scheme = rdflib.Graph().parse(data=text, format="turtle")

    def of(cls: rdflib.URIRef) -> dict[str, rdflib.term.Node]:
        return {str(scheme.value(c, SKOS.notation)): c for c in scheme.subjects(RDF.type, cls)}

    def strings(node: rdflib.term.Node, prop: rdflib.URIRef) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in scheme.objects(node, prop)))

    types, statuses = of(IC.RelationType), of(IC.RelationStatus)
    assert [t.value for t in RelationType] == [t.code for t in taxonomy().types]
    assert {t.value for t in RelationType} == set(types)
    assert {s.value for s in Status} == set(statuses)
    lex = lexicon()
    for code, node in types.items():
        concept = taxonomy().type(code)
        labels = {o.language: str(o) for o in scheme.objects(node, SKOS.prefLabel)}
        assert (concept.label_ko, concept.label_en) == (labels["ko"], labels["en"])
        assert concept.cues_ko == strings(node, IC.cueKo) == lex.cues_ko[code]
        assert concept.cues_en == strings(node, IC.cueEn) == lex.cues_en[code]
        assert concept.cues_ko and concept.cues_en
        assert SHORTCUTS[RelationType(code)] == str(scheme.value(node, IC.shortcutProperty))
    for code, node in statuses.items():
        assert lex.status_ko[code] == strings(node, IC.statusCueKo)
        assert lex.status_en[code] == strings(node, IC.cueEn)
    # Each pair edge the store writes is declared in intercity.ttl with its type and status.
    from rdflib.namespace import RDFS

    from kg.store import PAIR_EDGES

    onto = Path(__file__).parents[1].joinpath("ontologies", "intercity.ttl").read_text("utf-8")
    ontology = rdflib.Graph().parse(data=onto, format="turtle")
    assert len(PAIR_EDGES) == len(types) * len(statuses)
    declared = set(ontology.subjects(IC.edgeType, None))
    assert declared == {rdflib.URIRef(e) for e in PAIR_EDGES.values()}
    for (type_, status), edge in PAIR_EDGES.items():
        e = rdflib.URIRef(edge)
        assert ontology.value(e, IC.edgeType) == types[type_.value]
        assert ontology.value(e, IC.edgeStatus) == statuses[status.value]
        assert (e, RDFS.subPropertyOf, IC.relatedTo) in ontology


def test_the_front_class_stays_a_front() -> None:
    """graph.py holds the front class only (the pipeline is kg.ingest, reading kg.readers)."""
    graph_py = Path(__file__).parents[1] / "kg" / "graph.py"
    lines = graph_py.read_text(encoding="utf-8").count("\n")
    assert lines < 400, f"kg/graph.py has {lines} lines: move what is not the front class out"
