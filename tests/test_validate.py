"""SHACL validation: the sample conforms; a one-party relation or a foreign type does not."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.graph import KnowledgeGraph, sample_path
from kg.model import City, Relation, RelationType, Status


def test_sample_conforms(seed_kg: KnowledgeGraph) -> None:
    conforms, _, text = seed_kg.validate()
    assert conforms, text


def test_relation_with_one_party_does_not_conform(seed_kg: KnowledgeGraph) -> None:
    lonely = Relation(
        RelationType.VISIT,
        Status.ACTIVE,
        (City("gn:1842485", "Goyang", "고양시", "KR", 1842485),),
        source="x",
    )
    seed_kg.add_relations([lonely])
    conforms, _, text = seed_kg.validate()
    assert not conforms
    assert "two or more cities" in text


def test_type_outside_the_scheme_does_not_conform(seed_kg: KnowledgeGraph) -> None:
    seed_kg.oxigraph.update(
        """PREFIX ic: <https://w3id.org/intercity/ontology#>
        DELETE { GRAPH ?g { ?r ic:relationType ?t } }
        INSERT { GRAPH ?g {
            ?r ic:relationType <https://w3id.org/intercity/relation-type/marriage> } }
        WHERE { { SELECT ?r ?g ?t WHERE { GRAPH ?g { ?r ic:relationType ?t } } LIMIT 1 } }"""
    )
    conforms, _, text = seed_kg.validate()
    assert not conforms
    assert "marriage" in text


def test_cli_exit_codes(runner: CliRunner, store_path: Path) -> None:
    assert runner.invoke(cli, ["validate"]).exit_code == 2  # no store: could not run
    runner.invoke(cli, ["ingest", str(sample_path())])
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    with KnowledgeGraph(store_path) as kg:
        kg.add_relations(
            [
                Relation(
                    RelationType.AID, Status.ACTIVE, (City.unknown("Nowhere", "KR"),), source="y"
                )
            ]
        )
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "Conforms: False" in result.output
