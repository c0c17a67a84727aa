"""Network analysis on the seed's projection, and the CLI commands built on it."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analysis import (
    NoPathError,
    betweenness_centrality,
    central_cities,
    city_graph,
    communities,
    components,
    counts,
    degree_centrality,
    find_city,
    neighbors,
    relation_counts,
    shortest_path,
    to_networkx,
)
from kg.cli import cli
from kg.errors import NotFoundError
from kg.graph import KnowledgeGraph, city_node, sample_path

GOYANG = city_node("gn:1842485").value
YIWU = city_node("gn:1814870").value
KUNMING = city_node("gn:1804651").value
JINJU = city_node("gn:1846052").value


@pytest.fixture
def seed_graph(seed_kg: KnowledgeGraph) -> nx.MultiGraph:
    return to_networkx(seed_kg)


def test_projection_has_the_four_cities_and_one_edge_per_relation_and_pair(
    seed_graph: nx.MultiGraph,
) -> None:
    assert set(seed_graph.nodes) == {GOYANG, YIWU, KUNMING, JINJU}
    assert seed_graph.nodes[GOYANG]["name_ko"] == "고양시"
    assert seed_graph.nodes[GOYANG]["lat"] == pytest.approx(37.656, abs=0.01)
    # 7 two-city relations + the planned three-city exchange as 3 edges
    assert seed_graph.number_of_edges() == 10
    meeting = [d for d in seed_graph.get_edge_data(GOYANG, YIWU).values() if d["type"] == "meeting"]
    assert len(meeting) == 1
    assert meeting[0]["date"] == "2024-10-23"
    assert meeting[0]["sources"] == 1
    assert "가오진" in meeting[0]["officials"]
    assert meeting[0]["evidence"].startswith("이동환 고양시장은 지난 23일")
    assert meeting[0]["place"] == "Zhengzhou"


def test_goyang_is_the_most_central_city(seed_graph: nx.MultiGraph) -> None:
    rows = central_cities(seed_graph)
    assert rows[0]["city"] == GOYANG and rows[0]["name"] == "Goyang"
    assert rows[0]["partners"] == 3 and rows[0]["relations"] == 8
    assert degree_centrality(seed_graph)[GOYANG] == 1.0
    btw = betweenness_centrality(seed_graph)
    assert max(btw, key=lambda c: btw[c]) == GOYANG
    assert btw[JINJU] == 0.0


def test_shortest_path_from_jinju_to_kunming_goes_through_goyang(seed_graph: nx.MultiGraph) -> None:
    assert shortest_path(seed_graph, JINJU, KUNMING) == [JINJU, GOYANG, KUNMING]


def test_communities_are_stable_and_cover_every_city(seed_graph: nx.MultiGraph) -> None:
    first = communities(seed_graph)
    assert first == communities(seed_graph)
    assert set().union(*first) == set(seed_graph.nodes)
    assert [len(c) for c in components(seed_graph)] == [4]


def test_counts_count_a_three_city_relation_once(seed_graph: nx.MultiGraph) -> None:
    assert counts(seed_graph) == {
        "by_type": {"cooperation": 3, "friendship": 3, "meeting": 2},
        "by_status": {"active": 7, "planned": 1},
    }
    assert relation_counts(seed_graph)[KUNMING] == 3


def test_city_graph_collapses_parallel_relations(seed_graph: nx.MultiGraph) -> None:
    simple = city_graph(seed_graph)
    assert simple.number_of_edges() == 4
    assert simple.edges[GOYANG, YIWU] == {
        "relations": 4,
        "types": ["cooperation", "friendship", "meeting"],
    }
    assert "weight" not in simple.edges[GOYANG, YIWU]
    # the projection itself is untouched
    assert seed_graph.number_of_edges() == 10


@pytest.mark.parametrize(
    "name", ["고양", "고양시", "Goyang", "goyang", "Goyang-si", "Goyang City", GOYANG]
)
def test_find_city_by_any_name_form(seed_graph: nx.MultiGraph, name: str) -> None:
    assert find_city(seed_graph, name) == GOYANG


def test_find_city_names_the_unknown_value(seed_graph: nx.MultiGraph) -> None:
    with pytest.raises(NotFoundError, match="'Atlantis'"):
        find_city(seed_graph, "Atlantis")


def test_find_city_lists_candidates_when_a_name_is_ambiguous() -> None:
    g = nx.Graph([("seoul-jung", "busan-jung")])
    nx.set_node_attributes(
        g,
        {
            "seoul-jung": {"name_ko": "중구", "country": "KR"},
            "busan-jung": {"name_ko": "중구", "country": "KR"},
        },
    )
    with pytest.raises(NotFoundError, match="several cities"):
        find_city(g, "중구")


def test_no_path_between_separate_parts() -> None:
    g = nx.Graph([("a", "b"), ("c", "d")])
    with pytest.raises(NoPathError, match="no chain of relations joins a and c"):
        shortest_path(g, "a", "c")


def test_neighbors_of_goyang(seed_graph: nx.MultiGraph) -> None:
    rows = neighbors(seed_graph, GOYANG)
    assert [r["name"] for r in rows] == ["Yiwu", "Kunming", "Jinju"]
    assert {"type": "meeting", "status": "active", "date": "2024-10-23"} in rows[0]["relations"]


# --- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def demo_store(runner: CliRunner, store_path: Path, tmp_path: Path) -> Path:
    result = runner.invoke(cli, ["demo", "-o", str(tmp_path / "demo.html")])
    assert result.exit_code == 0, result.output
    return store_path


def test_kg_stats_names_goyang_as_the_most_central_city(
    runner: CliRunner, demo_store: Path
) -> None:
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    table = result.output.split("most central cities:")[1].splitlines()
    assert table[2].split()[:2] == ["1", "Goyang"]
    assert "cooperation" in result.output and "planned" in result.output
    figures = json.loads(runner.invoke(cli, ["stats", "--json", "--top", "2"]).output)
    assert [r["name"] for r in figures["central"]][0] == "Goyang"
    assert len(figures["central"]) == 2


def test_kg_path_jinju_to_kunming(runner: CliRunner, demo_store: Path) -> None:
    result = runner.invoke(cli, ["path", "Jinju", "Kunming"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Jinju -> Goyang -> Kunming"
    korean = runner.invoke(cli, ["path", "진주", "쿤밍시", "--labels", "ko"])
    assert korean.output.splitlines()[0] == "진주시 -> 고양시 -> 쿤밍"  # the gazetteer's label
    data = json.loads(runner.invoke(cli, ["path", "진주시", "Kunming", "--json"]).output)
    assert data["cities"] == [JINJU, GOYANG, KUNMING]


@pytest.mark.parametrize("name", ["고양", "고양시", "Goyang"])
def test_kg_neighbors_by_any_name(runner: CliRunner, demo_store: Path, name: str) -> None:
    result = runner.invoke(cli, ["neighbors", name])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Goyang: 3 partner cities"
    assert [line.split()[0] for line in lines[1:]] == ["Yiwu", "Kunming", "Jinju"]


def test_kg_path_with_an_unknown_city_fails_with_its_name(
    runner: CliRunner, demo_store: Path
) -> None:
    result = runner.invoke(cli, ["path", "Jinju", "Atlantis"])
    assert result.exit_code == 1
    assert "Atlantis" in result.output and "Traceback" not in result.output


def test_sample_loads_the_same_graph_as_the_fixture(seed_graph: nx.MultiGraph) -> None:
    with KnowledgeGraph() as kg:
        kg.ingest([sample_path()], strict=True)
        assert nx.utils.graphs_equal(kg.networkx(), seed_graph)


@pytest.mark.slow
def test_full_demo_adds_the_wikipedia_twin_towns(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["demo", "--full", "-o", str(tmp_path / "full.html")])
    assert result.exit_code == 0, result.output
    with KnowledgeGraph(store_path, read_only=True) as kg:
        g = kg.networkx()
        figures = kg.stats()
    assert figures["by_type"]["sister_city"] == 558
    top = [r["name"] for r in central_cities(g, top=3)]
    assert top[0] == "Busan" and "Seoul" in top
    # the seed is still there, and still joins Jinju to Kunming through Goyang
    assert shortest_path(g, JINJU, KUNMING) == [JINJU, GOYANG, KUNMING]
