"""The house rules the code keeps: one city IRI scheme, one taxonomy, no import circle."""

from __future__ import annotations

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
